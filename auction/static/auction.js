// The auction panel: polls the JSON API every few seconds, counts down to the chain's end time
// (which moves when a late bid extends it), and bids or settles through the API. Bids go either
// through a development test account (server signs) or a browser wallet (EIP-1193: the server
// prepares the transaction, the wallet signs and sends it). Text from the server is set with
// textContent only, never as HTML.
"use strict";

(function () {
  const panel = document.getElementById("auction");
  if (!panel) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const label = (name) => panel.dataset[`label${name}`];
  const field = (name) => panel.querySelector(`[data-field="${name}"]`);
  const message = document.getElementById("panel-message");
  let state = null;
  let fetchedAt = 0; // performance.now() when `state` arrived

  async function call(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  }

  function say(text, ok) {
    message.textContent = text;
    message.className = `panel-message ${ok ? "ok" : "error"}`;
  }

  function formatRemaining(seconds) {
    if (seconds <= 0) return "0s";
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24;
    const m = Math.floor(seconds / 60) % 60, s = Math.floor(seconds % 60);
    const pad = (n) => String(n).padStart(2, "0");
    return (d ? `${d}d ` : "") + `${pad(h)}:${pad(m)}:${pad(s)}`;
  }

  function chainTime(timestamp) {
    return new Date(timestamp * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  }

  function tick() {
    if (!state) return;
    const countdown = document.getElementById("countdown");
    if (state.status !== "live") { countdown.textContent = "—"; return; }
    const now = state.now + (performance.now() - fetchedAt) / 1000;
    const left = state.end_time - now;
    countdown.textContent = formatRemaining(left);
    countdown.dataset.secondsLeft = String(Math.max(0, Math.round(left)));
  }

  function render(next) {
    state = next;
    fetchedAt = performance.now();
    panel.dataset.status = next.status;
    panel.dataset.end = String(next.end_time);
    const names = { live: "Live", ended: "Ended", settled: "Settled", none: "None" };
    const status = field("status");
    status.textContent = label(names[next.status]);
    status.className = `status status-${next.status}`;
    for (const name of ["reserve_eth", "highest_eth", "min_next_bid_eth", "proceeds_treasury_eth", "proceeds_pool_eth"]) {
      field(name).textContent = next[name];
    }
    field("leader").textContent = next.leader || "—";
    field("winner").textContent = next.winner || "—";
    field("owner").textContent = next.owner || "—";
    field("end_time").textContent = next.end_time ? chainTime(next.end_time) : "—";
    panel.querySelector(".when-live").hidden = next.status !== "live";
    document.getElementById("settle-form").hidden = next.status !== "ended";
    document.getElementById("settled").hidden = next.status !== "settled";
    const amount = document.getElementById("amount");
    if (amount && document.activeElement !== amount && amount.dataset.touched !== "1") {
      amount.value = next.min_next_bid_eth.replace(/ ETH$/, "");
    }
    const history = document.getElementById("history");
    history.replaceChildren(...(next.bids.length ? next.bids.map(bidItem) : [emptyItem()]));
    tick();
  }

  function bidItem(bid) {
    const li = document.createElement("li");
    const amount = document.createElement("strong");
    amount.textContent = bid.amount_eth;
    const who = document.createElement("code");
    who.textContent = bid.bidder;
    const when = document.createElement("span");
    when.className = "muted small";
    when.textContent = chainTime(bid.time) + (bid.extended_to ? ` · ${label("Extended")}` : "");
    li.append(amount, " ", who, " ", when);
    return li;
  }

  function emptyItem() {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = label("NoBids");
    return li;
  }

  async function poll() {
    try {
      const response = await fetch(panel.dataset.stateUrl, { cache: "no-store" });
      if (response.ok) render(await response.json());
    } catch (error) {
      // offline for a moment: keep counting down, try again next time
    }
  }

  function bindBidForm() {
    const form = document.getElementById("bid-form");
    if (!form) return;
    const amount = document.getElementById("amount");
    const button = form.querySelector("button[type=submit]");
    amount.addEventListener("input", () => { amount.dataset.touched = "1"; });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!button) { document.getElementById("wallet-bid").click(); return; } // no dev mode
      button.disabled = true;
      try {
        const data = await call(panel.dataset.bidUrl, {
          bidder: document.getElementById("bidder").value, amount: amount.value,
        });
        amount.dataset.touched = "";
        render(data.auction);
        say(label("BidPlaced"), true);
      } catch (error) {
        say(error.message, false);
      } finally {
        button.disabled = false;
      }
    });
  }

  function bindWallet() {
    const button = document.getElementById("wallet-bid");
    if (!window.ethereum) {
      if (!document.getElementById("bidder")) say(label("NoWallet"), false);
      return;
    }
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        const [account] = await window.ethereum.request({ method: "eth_requestAccounts" });
        const value = document.getElementById("amount").value;
        const { transaction } = await call(panel.dataset.prepareUrl, { bidder: account, amount: value });
        const hash = await window.ethereum.request({ method: "eth_sendTransaction", params: [transaction] });
        say(`${label("BidPlaced")} ${hash}`, true);
        setTimeout(poll, 1500);
      } catch (error) {
        say(error.message || String(error), false);
      }
    });
  }

  function bindSettle() {
    const form = document.getElementById("settle-form");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        render((await call(panel.dataset.settleUrl)).auction);
        say(label("SettledOk"), true);
      } catch (error) {
        say(error.message, false);
      }
    });
  }

  function bindAdvance() {
    const form = document.getElementById("advance-form");
    if (!form) return;
    form.hidden = false;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await call(panel.dataset.advanceUrl, { seconds: document.getElementById("advance-seconds").value });
        await poll();
      } catch (error) {
        say(error.message, false);
      }
    });
  }

  bindBidForm();
  bindWallet();
  bindSettle();
  bindAdvance();
  poll();
  setInterval(poll, Number(panel.dataset.pollMs) || 2000);
  setInterval(tick, 1000);
})();

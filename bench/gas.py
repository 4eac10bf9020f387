"""Gas of the operations a campaign goes through, measured on the embedded chain (py-evm, Shanghai bytecode).

    .venv/bin/python bench/gas.py

Figures are `gasUsed` from the receipts of one scripted run: mint, the first bid, an outbidding bid (which
refunds the first bidder), settle (token to the winner, proceeds split between treasury and pool), a badge
claim and a participant's share claim. Deterministic: the same code gives the same numbers.
"""

from __future__ import annotations

from eth_abi import encode
from eth_utils import keccak

from auction.chain import BadgeVoucher, Chain, advance_time, connect_suite, deploy_suite

ETH = 10**18
HOUR = 3600


def _leaf(commitment: bytes, weight: int) -> bytes:
    return keccak(keccak(encode(["bytes32", "uint256"], [commitment, weight])))


def measure() -> list[tuple[str, int]]:
    """(operation, gas used) for one campaign's life on a fresh embedded chain."""
    chain = Chain.embedded()
    owner, first, second, participant, signer = (chain.accounts[i] for i in (0, 1, 2, 6, 8))
    suite = deploy_suite(chain, treasury=chain.accounts[9].address, signer=signer.address)
    c = connect_suite(chain, suite)
    rows: list[tuple[str, int]] = []

    before = chain.w3.eth.block_number
    token = c.art.mint(keccak(text="bench campaign"), "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")
    rows.append(("mint artwork", _gas_since(chain, before)))

    # Two leaves: the proof of one is the other's hash.
    commitments = [keccak(text="participant a"), keccak(text="participant b")]
    weights = [3, 5]
    leaves = [_leaf(cm, w) for cm, w in zip(commitments, weights, strict=True)]
    root = keccak(min(leaves) + max(leaves))
    c.proceeds.configure_pool(token, participants_bps=2_000, merkle_root=root, total_weight=8, claim_period=30 * 86400)
    c.auction_house.start(token, ETH, HOUR, sender=owner)

    rows.append(("first bid", c.auction_house.bid(token, ETH, bidder=first)["gasUsed"]))
    rows.append(("outbidding bid (refunds the first)", c.auction_house.bid(token, 2 * ETH, bidder=second)["gasUsed"]))
    advance_time(chain, HOUR)
    rows.append(("settle (token + proceeds split)", c.auction_house.settle()["gasUsed"]))

    voucher = BadgeVoucher(keccak(text="bench campaign"), commitments[0], participant.address, "bafy-badge")
    before = chain.w3.eth.block_number
    c.badges.claim(voucher, c.badges.sign_voucher(voucher, signer), sender=participant)
    rows.append(("badge claim", _gas_since(chain, before)))

    signature = c.proceeds.sign_share_claim(token, commitments[0], participant.address, signer)
    before = chain.w3.eth.block_number
    c.proceeds.claim_share(
        token, commitments[0], weights[0], [leaves[1]], participant.address, signature, sender=participant
    )
    rows.append(("share claim", _gas_since(chain, before)))
    return rows


def _gas_since(chain: Chain, block: int) -> int:
    """Gas of the single transaction mined after ``block``."""
    (tx_hash,) = chain.w3.eth.get_block(block + 1)["transactions"]
    return int(chain.w3.eth.get_transaction_receipt(tx_hash)["gasUsed"])


def main() -> None:
    rows = measure()
    width = max(len(name) for name, _ in rows)
    print(f"| {'operation'.ljust(width)} | gas used |")
    print(f"| {'-' * width} | -------: |")
    for name, gas in rows:
        print(f"| {name.ljust(width)} | {gas:>8,} |")


if __name__ == "__main__":
    main()

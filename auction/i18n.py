"""English and Japanese for the site's own words, and the choice of language per request.

The language comes from `?lang=` (remembered in the session), else the browser's Accept-Language,
else English. Campaign texts come in both languages from the campaign itself (`name_ja`,
`description_ja`, activity `label_ja`); `localized` picks the field, falling back to English.
"""

from __future__ import annotations

from typing import Any

from flask import request, session

LANGUAGES = ("en", "ja")
DEFAULT = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "site_name": {"en": "Collective Art Auction", "ja": "みんなのアート オークション"},
    "home": {"en": "Auctions", "ja": "オークション"},
    "current_auctions": {"en": "Current auctions", "ja": "開催中のオークション"},
    "past_auctions": {"en": "Past and upcoming", "ja": "終了・開始前"},
    "no_auctions": {"en": "Nothing here yet.", "ja": "まだありません。"},
    "participants": {"en": "participants", "ja": "人の参加者"},
    "participants_label": {"en": "Participants", "ja": "参加者"},
    "view_artwork": {"en": "View the artwork", "ja": "作品を見る"},
    "organiser": {"en": "Organiser", "ja": "主催者"},
    "language": {"en": "Language", "ja": "言語"},
    "dev_mode": {"en": "Development mode: in-process test chain, test accounts, no real money.",
                 "ja": "開発モード：テスト用チェーンとテスト用アカウントを使います。実際のお金は動きません。"},
    "zoom_in": {"en": "Zoom in", "ja": "拡大"},
    "zoom_out": {"en": "Zoom out", "ja": "縮小"},
    "zoom_reset": {"en": "Fit", "ja": "全体"},
    "viewer_help": {"en": "Scroll or pinch to zoom, drag to pan, +/- keys. Click a piece to see whose it is.",
                    "ja": "スクロールやピンチで拡大、ドラッグで移動、＋／－キーも使えます。ピースをクリックすると誰のピースか分かります。"},
    "whose_piece": {"en": "Whose piece is this?", "ja": "これは誰のピース？"},
    "no_piece": {"en": "No piece here (background).", "ja": "ここにはピースがありません（背景）。"},
    "commitment": {"en": "Commitment (salted, no name)", "ja": "コミットメント（ソルト付き・匿名）"},
    "amount": {"en": "Amount", "ja": "量"},
    "rank": {"en": "Rank", "ja": "順位"},
    "of": {"en": "of", "ja": "/"},
    "impact": {"en": "Impact", "ja": "インパクト"},
    "total": {"en": "Total", "ja": "合計"},
    "co2e": {"en": "CO2e avoided", "ja": "CO2e 削減量"},
    "factor": {"en": "factor", "ja": "係数"},
    "source": {"en": "Source", "ja": "出典"},
    "period": {"en": "Period", "ja": "期間"},
    "provenance": {"en": "Provenance", "ja": "来歴"},
    "directory": {"en": "Published folder", "ja": "公開フォルダ"},
    "image": {"en": "Image", "ja": "画像"},
    "dataset": {"en": "Dataset", "ja": "データセット"},
    "metadata": {"en": "Metadata", "ja": "メタデータ"},
    "merkle_root": {"en": "Merkle root", "ja": "マークルルート"},
    "contract": {"en": "Contract", "ja": "コントラクト"},
    "token": {"en": "Token", "ja": "トークン"},
    "not_minted": {"en": "not minted yet", "ja": "未発行"},
    "chain": {"en": "Chain id", "ja": "チェーン ID"},
    "style": {"en": "Style", "ja": "スタイル"},
    "seed": {"en": "Seed", "ja": "シード"},
    "verify_how": {"en": "Anyone can re-render the work from its public data and check every CID:",
                   "ja": "公開データから誰でも作品を再描画し、すべての CID を確認できます："},
    "auction": {"en": "Auction", "ja": "オークション"},
    "status": {"en": "Status", "ja": "状態"},
    "status_live": {"en": "Live", "ja": "開催中"},
    "status_ended": {"en": "Ended, awaiting settlement", "ja": "終了（確定待ち）"},
    "status_settled": {"en": "Settled", "ja": "確定済み"},
    "status_none": {"en": "Not started", "ja": "未開始"},
    "reserve": {"en": "Reserve", "ja": "最低落札価格"},
    "current_bid": {"en": "Current bid", "ja": "現在の入札額"},
    "min_next_bid": {"en": "Minimum next bid", "ja": "次の最低入札額"},
    "leader": {"en": "Leader", "ja": "最高入札者"},
    "ends_in": {"en": "Ends in", "ja": "終了まで"},
    "ends_at": {"en": "Ends (chain time)", "ja": "終了（チェーン時刻）"},
    "extension_rule": {"en": "A bid in the last {buffer} moves the end to {buffer} after it; each bid must be at least {pct}% above the last.",
                       "ja": "終了前 {buffer} 以内の入札で、終了がその {buffer} 後に延びます。入札は直前より {pct}% 以上高くしてください。"},
    "history": {"en": "Bid history", "ja": "入札履歴"},
    "no_bids": {"en": "No bids yet.", "ja": "まだ入札はありません。"},
    "extended": {"en": "extended the end", "ja": "終了を延長"},
    "bid": {"en": "Place bid", "ja": "入札する"},
    "bid_amount": {"en": "Your bid (ETH)", "ja": "入札額（ETH）"},
    "account": {"en": "Test account", "ja": "テスト用アカウント"},
    "wallet_bid": {"en": "Bid with my wallet", "ja": "ウォレットで入札"},
    "wallet_none": {"en": "No browser wallet found.", "ja": "ブラウザウォレットが見つかりません。"},
    "settle": {"en": "Settle the auction", "ja": "オークションを確定する"},
    "winner": {"en": "Winner", "ja": "落札者"},
    "owner": {"en": "Owner", "ja": "所有者"},
    "proceeds": {"en": "Proceeds", "ja": "収益の行き先"},
    "treasury": {"en": "Program treasury", "ja": "プログラムの資金"},
    "pool": {"en": "Participants' share (claimable)", "ja": "参加者への分配（請求可能）"},
    "bid_placed": {"en": "Bid placed.", "ja": "入札しました。"},
    "settled_ok": {"en": "Auction settled.", "ja": "オークションを確定しました。"},
    "your_piece": {"en": "Your piece", "ja": "あなたのピース"},
    "private_link": {"en": "This page is private: keep its link to yourself.",
                     "ja": "このページは非公開です。リンクを他の人に教えないでください。"},
    "activities": {"en": "Activities", "ja": "活動"},
    "months": {"en": "Months", "ja": "参加した月"},
    "district": {"en": "District", "ja": "地区"},
    "proof": {"en": "Inclusion proof", "ja": "包含証明"},
    "copy": {"en": "Copy", "ja": "コピー"},
    "copied": {"en": "Copied", "ja": "コピーしました"},
    "prove_how": {"en": "Save the proof as proof.json, fetch the published folder, and check that your piece is in the committed data:",
                  "ja": "証明を proof.json として保存し、公開フォルダを取得して、あなたのピースが確定データに含まれることを確認できます："},
    "show_piece": {"en": "Show my piece", "ja": "自分のピースを表示"},
    "login": {"en": "Log in", "ja": "ログイン"},
    "logout": {"en": "Log out", "ja": "ログアウト"},
    "password": {"en": "Organiser password", "ja": "主催者パスワード"},
    "wrong_password": {"en": "Wrong password.", "ja": "パスワードが違います。"},
    "logged_in": {"en": "Logged in.", "ja": "ログインしました。"},
    "logged_out": {"en": "Logged out.", "ja": "ログアウトしました。"},
    "login_needed": {"en": "Please log in as the organiser.", "ja": "主催者としてログインしてください。"},
    "import": {"en": "Import a campaign folder", "ja": "キャンペーンフォルダを取り込む"},
    "folder_path": {"en": "Folder path on the server", "ja": "サーバー上のフォルダのパス"},
    "campaign_id": {"en": "Campaign id", "ja": "キャンペーン ID"},
    "regenerate": {"en": "Publish / regenerate", "ja": "公開・再生成"},
    "palette": {"en": "Palette", "ja": "パレット"},
    "mint": {"en": "Mint", "ja": "発行"},
    "start_auction": {"en": "Start auction", "ja": "オークション開始"},
    "reserve_eth": {"en": "Reserve (ETH)", "ja": "最低落札価格（ETH）"},
    "duration_s": {"en": "Duration (seconds)", "ja": "期間（秒）"},
    "participant_links": {"en": "Participant links", "ja": "参加者リンク"},
    "show_links": {"en": "Show links", "ja": "リンクを表示"},
    "done": {"en": "Done.", "ja": "完了しました。"},
    "skip_time": {"en": "Skip chain time (dev)", "ja": "チェーン時刻を進める（開発）"},
    "skip": {"en": "Skip", "ja": "進める"},
    "no_co2e_claim": {"en": "no claim", "ja": "算定なし"},
    "seconds": {"en": "seconds", "ja": "秒"},
    "not_found": {"en": "Not found", "ja": "見つかりません"},
    "bad_request": {"en": "Bad request", "ja": "不正なリクエスト"},
    "forbidden": {"en": "Forbidden", "ja": "アクセスできません"},
    "back_home": {"en": "Back to the auctions", "ja": "オークション一覧へ"},
}


def choose_language() -> str:
    """`?lang=` (and remember it), else the session's choice, else Accept-Language, else English."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def translate(key: str, language: str, **values: Any) -> str:
    """The message `key` in `language` (English when missing), with `{name}` values filled in."""
    entry = MESSAGES[key]
    text = entry.get(language) or entry[DEFAULT]
    return text.format(**values) if values else text


def localized(obj: Any, field: str, language: str) -> str:
    """`obj.<field>_ja` in Japanese when it is set, else `obj.<field>`."""
    if language != DEFAULT:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)

"""Builds sample_data/demo.json: a realistic year for one seller, dated around ANCHOR (shifted to today on load).

Run from the repository root: python sample_data/make_demo.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson

from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.model.process import default_process

ANCHOR = dt.date(2026, 11, 23)  # a Monday; every date below is relative to it


def day(offset: int) -> str:
    return (ANCHOR + dt.timedelta(days=offset)).isoformat()


def at(offset: int, hour: int = 9) -> str:
    return f"{day(offset)}T{hour:02d}:00:00Z"


ACCOUNTS = [
    (1, "Northwind Traders", "Roll out to all 12 regional warehouses", 480000, 200),
    (2, "Contoso Health", "Become the standard platform for the 3 hospitals in the network", 350000, 160),
    (3, "Fabrikam Logistics", "Expand from the EU pilot to North America", 600000, 250),
    (4, "Litware Bank", "Win the compliance reporting line of business", 250000, 120),
    (5, "Globex Retail", "Renew and add the analytics module", 150000, 70),
]
CONTACTS = [
    (1, "Dana Ruiz", "CFO", 1), (2, "Bob Chen", "Project leader", 1), (3, "Priya Nair", "IT director", 2),
    (4, "Lena Fischer", "Procurement lead", 3), (5, "Marco Rossi", "VP Operations", 3),
    (6, "Sarah Lee", "Head of Compliance", 4), (7, "Tom Baker", "Economic buyer", 4), (8, "Ana Silva", "COO", 5),
]
GOALS = [
    (1, "Become a trusted advisor to five executive sponsors", "relationship"),
    (2, "Close $1.2M in new bookings this fiscal year", "revenue"),
    (3, "Build a pipeline of 3x next quarter's quota", "revenue"),
    (4, "Every customer live and renewing", "success"),
    (5, "Publish two customer case studies", "success"),
]
# id, goal, title, metric, unit, baseline, current, target, due offset, account
OBJECTIVES = [
    (1, 1, "Quarterly business reviews with executive sponsors", "QBRs held", "", 0, 3, 5, 25, None),
    (2, 1, "An executive sponsor named on every deal over $100k", "deals with a sponsor", "", 2, 5, 8, 38, None),
    (3, 2, "New bookings", "bookings", "$", 0, 780000, 1200000, 69, None),
    (4, 2, "Win the Northwind regional rollout", "warehouses signed", "", 0, 4, 12, 53, 1),
    (5, 3, "Qualified pipeline for Q1", "pipeline", "$", 900000, 1500000, 2400000, 38, None),
    (6, 3, "Discovery meetings booked with ICP accounts", "meetings", "", 0, 22, 40, 25, None),
    (7, 4, "Customers live within 60 days of signature", "% live", "%", 60, 80, 95, 69, None),
    (8, 4, "Renewal rate", "% renewed", "%", 85, 88, 95, -8, 5),
]
# id, account, title, value, stage, close offset, days in stage, slips (close offsets before), lost reason, next call
DEALS = [
    (1, 1, "Northwind: regional warehouses phase 2", 240000, "Negotiation", 18, 6, [], "", "Agree the signature date with Dana Ruiz"),
    (2, 1, "Northwind: analytics add-on", 45000, "Proposal", 32, 9, [], "", "Walk Bob Chen through the business case"),
    (3, 2, "Contoso: St Mary's hospital", 120000, "Solution", 47, 31, [], "", "Get Priya Nair to sign off the success criteria"),
    (4, 2, "Contoso: network-wide licence", 230000, "Discovery", 95, 12, [], "", ""),
    (5, 3, "Fabrikam: North America expansion", 380000, "Proposal", 25, 11, [-10, 4], "", "Agree the decision date with Marco Rossi"),
    (6, 3, "Fabrikam: EU pilot extension", 60000, "Negotiation", -3, 16, [], "", "Confirm the PO number with Lena Fischer"),
    (7, 4, "Litware: compliance reporting", 210000, "Discovery", 75, 5, [], "", "Confirm the cost of the audit findings with Sarah Lee"),
    (8, 4, "Litware: trading desk pilot", 40000, "Prospect", 120, 40, [], "", ""),
    (9, 5, "Globex: renewal FY27", 95000, "Negotiation", 38, 4, [], "", "Get the renewal signed by Ana Silva"),
    (10, 5, "Globex: analytics module", 55000, "Solution", 60, 8, [], "", ""),
    (11, 2, "Contoso: Riverside clinic", 35000, "Prospect", 110, 3, [], "", ""),
    (12, 3, "Fabrikam: customs module", 70000, "Closed Won", -20, 20, [], "", ""),
    (13, 1, "Northwind: phase 1 warehouses", 160000, "Closed Won", -60, 60, [], "", ""),
    (14, 4, "Litware: onboarding portal", 50000, "Closed Lost", -30, 30, [], "Chose the incumbent's bundled offer", ""),
]
# id, owner, target, outcome, due offset, status, objective, deal, captured_from, created offset, completed offset
ACTIONS = [
    (1, "me", "Dana Ruiz at Northwind", "agree the signature date for phase 2", 3, "open", 4, 1, "", -6, None),
    (2, "me", "Northwind's procurement lead", "get the redlined MSA back", -2, "open", 4, 1, "", -10, None),
    (3, "me", "Bob Chen at Northwind", "walk through the analytics business case and agree a decision date", 4, "open", 3, 2, "", -9, None),
    (4, "me", "Priya Nair at Contoso", "get the success criteria signed off", -5, "open", 5, 3, "", -20, None),
    (5, "Marcus", "Contoso's IT team", "finish the proof of concept and capture their top three gaps", 10, "open", 5, 3, "", -14, None),
    (6, "me", "Contoso's CFO", "confirm the budget for the network-wide licence", 11, "open", 5, 4, "", -12, None),
    (7, "me", "Marco Rossi at Fabrikam", "agree the decision date for the North America expansion", 2, "open", 3, 5, "", -11, None),
    (8, "Jill", "Omar, our services manager", "make sure delivery resources are available for Fabrikam in January", 14, "open", 7, 5, "", -11, None),
    (9, "me", "Lena Fischer at Fabrikam", "confirm the purchase order number is issued", -1, "open", 3, 6, "", -16, None),
    (10, "me", "Sarah Lee at Litware", "confirm the cost of last year's audit findings", 8, "open", 5, 7, "", -5, None),
    (11, "me", "Tom Baker at Litware", "book a discovery call with the economic buyer", 12, "open", 5, 7, "", -5, None),
    (12, "me", "Ana Silva at Globex", "get the renewal signed", 17, "open", 8, 9, "", -4, None),
    (13, "me", "Globex", "follow up", -9, "open", 8, 9, "Follow up with Globex about the renewal.", -21, None),
    (14, "me", "Globex's analytics team", "run the analytics demo and agree the pilot scope", 9, "open", 3, 10, "", -8, None),
    (15, "me", "Riverside clinic's practice manager", "book a discovery call", 6, "open", 6, 11, "", -3, None),
    (16, "me", "10 customers in my ICP", "book 10 discovery meetings", 11, "open", 6, None, "", -7, None),
    (17, "me", "the new accounts in the Denver territory", "book three discovery calls", -4, "open", 6, None, "", -18, None),
    (18, "me", "Northwind's executive sponsor", "hold the Q4 business review and agree next year's priorities", 25, "open", 1, None, "", -15, None),
    (19, "me", "Fabrikam's VP Operations", "hold the quarterly business review", -30, "done", 1, None, "", -45, -31),
    (20, "me", "Contoso Health", "hold the quarterly business review", -52, "done", 1, None, "", -70, -52),
    (21, "me", "Litware Bank", "touch base about the portal", -3, "open", None, None, "I'll touch base with Litware soon.", -30, None),
    (22, "me", "prospects", "make more calls", -6, "open", None, None, "I need to make more calls.", -25, None),
    (23, "me", "Globex Retail", "send the customer story draft for approval", 15, "open", None, None, "", -2, None),
    (24, "me", "Northwind's warehouse managers", "get all 4 live warehouses to 100% adoption", 30, "open", 7, None, "", -20, None),
    (25, "me", "Globex's COO", "confirm the renewal decision criteria", -12, "done", 8, 9, "", -30, -14),
    (26, "me", "Fabrikam's procurement team", "send the redlined contract", -15, "done", 3, 6, "", -25, -16),
    (27, "me", "Contoso's security team", "get approval on our SOC 2 report", -18, "done", 5, 3, "", -35, -19),
    (28, "me", "Litware's trading desk lead", "book an intro call", -25, "dropped", 5, 8, "", -40, None),
    (29, "me", "Fabrikam's legal team", "get the signed NDA back", -40, "done", 3, 12, "", -55, -41),
    (30, "me", "Northwind's CFO", "get the phase 1 order signed", -62, "done", 3, 13, "", -80, -61),
    (31, "Ahmed", "Globex's analytics team", "demo the reporting module and capture their top three gaps", 20, "open", 3, 10, "", -6, None),
    (32, "me", "Contoso's IT director", "send the integration checklist and get the go/no-go date for the trial", 1, "open", 5, 3, "", -2, None),
    (33, "me", "5 healthcare accounts on my list", "book 5 discovery meetings", 18, "open", 6, None, "", -6, None),
    (34, "me", "Litware's Head of Compliance", "agree the success criteria for the reporting pilot", -8, "open", 5, 7, "", -22, None),
    (35, "me", "Globex Retail's marketing lead", "get written approval to publish the case study", -1, "open", None, None, "", -12, None),
]


def build() -> dict:
    process = default_process()
    doc: dict = {
        "format": "salesplan-export",
        "version": 1,
        "workspace": {"name": "Alex Morgan · FY27 plan", "schema_version": 1, "created_at": at(-300)},
        "process": process.model_dump(mode="json", exclude={"id", "archived"}),
        "accounts": [
            {"id": i, "name": n, "strategic": {"milestone": m, "financial_target": t, "by_date": day(off)}}
            for i, n, m, t, off in ACCOUNTS
        ],
        "contacts": [{"id": i, "name": n, "role": r, "account_id": a} for i, n, r, a in CONTACTS],
        "goals": [
            {"id": i, "title": t, "category": c, "period_start": day(-296), "period_end": day(69)}
            for i, t, c in GOALS
        ],
        "objectives": [
            {"id": i, "goal_id": g, "title": t, "metric": m, "unit": u, "baseline": b, "current": c, "target": tg,
             "due": day(d), "account_id": acc}
            for i, g, t, m, u, b, c, tg, d, acc in OBJECTIVES
        ],
        "deals": [],
        "actions": [],
        "reviews": [],
    }
    names = [s.name for s in process.stages]
    for i, acc, title, value, stage, close, in_stage, slips, lost, call in DEALS:
        history = [{"stage": s, "at": at(-in_stage - 14 * (names.index(stage) - k))} for k, s in
                   enumerate(names[: names.index(stage) + 1]) if process.stages[k].kind == "open" or s == stage]
        history[-1]["at"] = at(-in_stage)
        olds = [day(o) for o in slips] + [day(close)]
        doc["deals"].append({
            "id": i, "account_id": acc, "title": title, "value": value, "stage": stage, "expected_close": day(close),
            "close_slips": [{"old": olds[k], "new": olds[k + 1], "at": at(-20 + 7 * k), "reason": "Buyer moved the board meeting"}
                            for k in range(len(slips))],
            "stage_history": history, "lost_reason": lost, "next_call_outcome": call, "rank": float(i),
            "created_at": history[0]["at"], "contact_ids": [c[0] for c in CONTACTS if c[3] == acc][:2],
        })
    for i, owner, target, outcome, due, status, obj, deal, captured, created, completed in ACTIONS:
        doc["actions"].append({
            "id": i, "owner": owner, "target": target, "outcome": outcome, "due": day(due), "status": status,
            "drop_reason": "The desk froze new vendors until Q2" if status == "dropped" else "",
            "objective_id": obj, "deal_id": deal, "captured_from": captured, "created_at": at(created),
            "completed_at": at(completed) if completed is not None else None,
            "slips": [{"old": day(due - 7), "new": day(due), "at": at(due - 8), "reason": "Priya was out sick"}]
            if i == 4 else [],
        })
    doc["reviews"].append({
        "id": 1, "kind": "one_on_one", "seller": "me", "manager": "Jill Carter", "started_at": at(-7, 15),
        "ended_at": at(-7, 16), "position": 3,
        "items": [
            {"kind": "deal", "ref_id": 5, "title": "Fabrikam: North America expansion", "reason": "close date slipped", "state": "done"},
            {"kind": "action", "ref_id": 13, "title": "follow up", "reason": "overdue", "state": "skipped",
             "skip_reason": "Waiting for Globex's renewal call next week"},
            {"kind": "objective", "ref_id": 6, "title": "Discovery meetings booked with ICP accounts", "reason": "behind", "state": "done",
             "notes": "Jill: block Tuesday mornings for prospecting."},
        ],
        "answers": [
            {"item": 0, "text": "I need to meet with everyone involved in the deal.", "accepted": False,
             "missing": ["target", "outcome", "due"], "question": "What does that mean? Who exactly is it aimed at, what result must it get, and by what day?", "at": at(-7, 15)},
            {"item": 0, "text": "By Wednesday I'll agree the decision date with Marco Rossi at Fabrikam.", "accepted": True,
             "missing": [], "question": "", "at": at(-7, 15)},
            {"item": 2, "text": "In 10 days I will book three discovery calls with the new accounts in the Denver territory.",
             "accepted": True, "missing": [], "question": "", "at": at(-7, 16)},
        ],
        "notes": "Fabrikam slipped again: get the decision date in writing.",
        "action_ids": [7, 17],
    })
    from_document(doc)  # refuse to write a demo that would not load
    doc["anchor_date"] = ANCHOR.isoformat()
    return doc


if __name__ == "__main__":
    target = Path(__file__).with_name("demo.json")
    target.write_bytes(orjson.dumps(build(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    print(f"wrote {target}")

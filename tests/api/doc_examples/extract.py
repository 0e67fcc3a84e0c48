"""Regenerate the doc example files from the SmartSeller doc dump (a dev tool, not a test).

    uv run python tests/api/doc_examples/extract.py /work/shared/spec/smartseller-open-api.txt

Each example is the text of one or more ``` fences of the doc (line ranges, 1-based,
inclusive). Page breaks split some examples in two or three fences and leave stray
closing brackets behind: `drop_tail` removes those artifact lines from the end of a
fence before joining. The remaining repairs are literal JSON typo fixes (listed in
README.md); no value is ever changed. The result is written verbatim (not re-indented)
and must parse as JSON.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
TRAILING_COMMA = re.compile(r",(\s*[}\]])")


@dataclass
class Example:
    name: str
    fences: list[tuple[int, int]]
    drop_tail: list[int] = field(default_factory=list)  # per fence except the last
    replace: list[tuple[str, str]] = field(default_factory=list)
    trailing_commas: bool = True


EXAMPLES = [
    Example("user_list", [(241, 255)]),
    Example("shop", [(309, 326), (330, 356)], drop_tail=[3]),
    Example(
        "supplier_list", [(525, 527), (531, 558)], replace=[('ACTIVE"\n}\n]', 'ACTIVE"\n}\n]\n}')]
    ),
    Example("warehouse_list", [(668, 685)]),
    Example(
        "product_list",
        [(1459, 1476), (1480, 1535)],
        drop_tail=[3],
        replace=[('  }\n},\n"meta"', '  }\n],\n"meta"')],
    ),
    Example("product_detail", [(1570, 1590), (1594, 1633)], drop_tail=[2]),
    Example("product_check_stock", [(1658, 1668)]),
    Example("product_warehouse_stock", [(1694, 1707)]),
    Example("product_variation", [(1728, 1765), (1769, 1795)]),
    Example("product_wholesale", [(1900, 1906)]),
    Example("customer_category_list", [(3117, 3162)]),
    Example("region_list", [(3234, 3264)]),
    Example("customer_create", [(3297, 3303)]),
    Example("customer_list", [(3377, 3424)]),
    Example("customer_order_history", [(3469, 3524)]),
    Example("bank_list", [(3860, 3883)]),
    Example("expedition_list", [(4054, 4085)]),
    Example("expedition_active", [(4107, 4140)]),
    Example("expedition_cost", [(4171, 4218), (4224, 4255)]),
    Example("expedition_tracking", [(4287, 4339)]),
    Example("order_source_list", [(4468, 4502), (4506, 4519)]),
    Example("order_cost_list", [(4625, 4655)]),
    Example("order_wholesale", [(4752, 4759)]),
    Example("order_check_price", [(4787, 4793)]),
    Example("order_create_request", [(4814, 4851), (4855, 4873)]),
    Example("order_create_success", [(4879, 4889)]),
    Example("order_create_error", [(4895, 4909)]),
    Example("order_awb_add", [(4989, 5002)]),
    Example(
        "order_list",
        [(5030, 5084), (5088, 5157), (5161, 5219)],
        replace=[("  }\n}\n}\n}\n", "  }\n}\n}\n")],
    ),
    Example(
        "order_details",
        [(5270, 5319), (5323, 5393), (5397, 5469), (5473, 5516)],
        drop_tail=[4, 1, 2],
        replace=[
            ('"logistic_name": "J&T"\n', '"logistic_name": "J&T",\n'),
            (
                '"is_percentage": false\n    }\n    {\n      "category": "ESCROW PLUS"',
                '"is_percentage": false\n    },\n    {\n      "category": "ESCROW PLUS"',
            ),
            ('    },\n  },\n  "number": "JP8507716855"', '    },\n  "number": "JP8507716855"'),
            ("  }\n}\n}\n}\n", "  }\n}\n}\n"),
        ],
    ),
    Example("order_payment_history", [(5552, 5576)]),
    Example("order_quick_payment_request", [(5697, 5705)]),
    Example("order_quick_payment_success", [(5711, 5722)]),
    Example("order_quick_payment_error", [(5728, 5742)]),
    Example("order_cancel", [(5878, 5885)]),
    Example("setting_courier_custom", [(6631, 6646)]),
]


def build(lines: list[str], example: Example) -> str:
    parts: list[str] = []
    for index, (start, end) in enumerate(example.fences):
        chunk = lines[start - 1 : end]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        drop = example.drop_tail[index] if index < len(example.drop_tail) else 0
        if drop:
            chunk = chunk[:-drop]
        parts.append("\n".join(chunk).strip("\n"))
    text = "\n".join(parts) + "\n"
    for old, new in example.replace:
        if old not in text:
            raise SystemExit(f"{example.name}: repair target not found: {old!r}")
        text = text.replace(old, new, 1)
    if example.trailing_commas:
        text = TRAILING_COMMA.sub(r"\1", text)
    return text


def main(doc: str) -> None:
    lines = Path(doc).read_text(encoding="utf-8").split("\n")
    for example in EXAMPLES:
        text = build(lines, example)
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            numbered = "\n".join(f"{i + 1:4} {line}" for i, line in enumerate(text.split("\n")))
            raise SystemExit(f"{example.name}: {exc}\n{numbered}") from None
        (HERE / f"{example.name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {example.name}.json")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/spec/smartseller-open-api.txt")

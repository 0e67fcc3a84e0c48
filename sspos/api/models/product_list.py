"""The product list page (GET `product`) read strictly and fast, for the full sync.

A catalog sync reads ~100 000 variations: through the pydantic models that costs more
than fetching them. These msgspec structs hold only the fields the local catalog keeps,
and accept only the plain shapes (ints as ints, text as text, lists as lists); msgspec
skips every other field without building it. A page that does not fit them exactly
(`"12"` for 12, `null` for a list, `NaN`, a number beyond 64 bits, a lone surrogate…)
is not an error here: `decode_product_list` answers None and the caller reads that page
the lenient way, through `Product`.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

# SQLite's integers are 64-bit: anything larger goes the lenient way.
WireInt = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
# The catalog stores weights as whole grams; a finite float of any size is fine.
WireFloat = Annotated[float, msgspec.Meta(ge=-(2.0**63), le=2.0**63)]


class ListedBand(msgspec.Struct, frozen=True, gc=False):
    """A wholesale band: `from`..`to` units at `price`."""

    price: WireInt
    from_qty: WireInt = msgspec.field(name="from")
    to_qty: WireInt | None = msgspec.field(name="to", default=None)


class ListedVariation(msgspec.Struct, gc=False):
    """A variation as the catalog needs it (`barcode` is not in the doc; used if sent)."""

    id: WireInt
    sku: str = ""
    weight: WireFloat = 0.0
    size: str = ""
    color: str = ""
    price_buy: WireInt | None = None
    price: WireInt = 0
    price_reseller: WireInt | None = None
    price1: WireInt | None = None
    price2: WireInt | None = None
    price3: WireInt | None = None
    stock_quantity: WireInt | None = None
    barcode: str | None = None


class ListedProduct(msgspec.Struct, gc=False):
    """A product of the list view, with the fields the catalog keeps."""

    id: WireInt
    name: str = ""
    product_type: str = "S"
    category_id: WireInt | None = None
    category_name: str | None = None
    description: str | None = None
    discount: WireInt = 0
    weight: WireFloat = 0.0
    wholesales: list[ListedBand] = []
    wholesale_prices: list[ListedBand] = []
    variations: list[ListedVariation] = []

    @property
    def wholesale_bands(self) -> list[ListedBand]:
        """The list view's `wholesales`, or the detail view's `wholesale_prices`."""
        return self.wholesales or self.wholesale_prices


class _Envelope(msgspec.Struct):
    data: list[ListedProduct]
    response: str | None = None
    meta: Any = None  # validated by the client, as for every other page


_DECODER = msgspec.json.Decoder(_Envelope)


def decode_product_list(content: bytes) -> tuple[list[ListedProduct], Any] | None:
    """(products, raw `meta`) of a successful list page in plain shapes, else None."""
    try:
        envelope = _DECODER.decode(content)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if (envelope.response or "").lower() == "failed":
        return None  # the normal path turns this into the right error
    return envelope.data, envelope.meta


def listed_product(data: dict[str, Any]) -> ListedProduct:
    """A product already normalised by the `Product` model (`model_dump(by_alias=True)`)
    as a `ListedProduct` (raises `msgspec.ValidationError` if it still does not fit)."""
    return msgspec.convert(data, ListedProduct)

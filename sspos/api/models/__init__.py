"""Pydantic models of the SmartSeller wire format, one module per resource.

Everything is re-exported here: `from sspos.api.models import Product, Page`.
"""

from sspos.api.models.bank import Bank
from sspos.api.models.common import Page, Pagination, RequestModel, WireModel
from sspos.api.models.customer import (
    CreatedCustomer,
    Customer,
    CustomerCategory,
    CustomerCreate,
    CustomerOrder,
    NamePair,
    OrderHistoryLine,
    Region,
)
from sspos.api.models.expedition import (
    CustomCourier,
    Expedition,
    ExpeditionCost,
    ShippingRate,
    Tracking,
    TrackingEvent,
)
from sspos.api.models.expense import CreatedExpense, Expense, ExpenseCreate
from sspos.api.models.order import (
    AwbAdded,
    CancelledOrder,
    CreatedOrder,
    CreateOrderRequest,
    OrderCostIn,
    OrderCostPreset,
    OrderDetail,
    OrderDetailCost,
    OrderDetailLine,
    OrderExpeditionIn,
    OrderLine,
    OrderParty,
    OrderPaymentIn,
    OrderProductIn,
    OrderShipping,
    OrderSource,
    OrderSummary,
    PaymentRecord,
    PaymentUpdated,
    QuickPaymentIn,
    QuickPaymentRequest,
)
from sspos.api.models.product import (
    PriceAccess,
    Product,
    StockCheck,
    Variation,
    VariationSearchItem,
    WarehouseRef,
    WarehouseStock,
    WholesaleMinimum,
    WholesalePrice,
    WholesaleQuote,
)
from sspos.api.models.shop import ActiveSupplier, Shop, Supplier, User, Warehouse

__all__ = [
    "ActiveSupplier", "AwbAdded", "Bank", "CancelledOrder", "CreateOrderRequest", "CreatedCustomer",
    "CreatedExpense", "CreatedOrder", "CustomCourier", "Customer", "CustomerCategory",
    "CustomerCreate", "CustomerOrder", "Expedition", "ExpeditionCost", "Expense",
    "ExpenseCreate", "NamePair", "OrderCostIn", "OrderCostPreset",
    "OrderDetail", "OrderDetailCost", "OrderDetailLine", "OrderExpeditionIn", "OrderHistoryLine",
    "OrderLine", "OrderParty", "OrderPaymentIn", "OrderProductIn", "OrderShipping", "OrderSource",
    "OrderSummary", "Page", "Pagination", "PaymentRecord", "PaymentUpdated", "PriceAccess",
    "Product", "QuickPaymentIn", "QuickPaymentRequest", "Region", "RequestModel", "ShippingRate",
    "Shop", "StockCheck", "Supplier", "Tracking", "TrackingEvent", "User", "Variation",
    "VariationSearchItem", "Warehouse", "WarehouseRef", "WarehouseStock", "WholesaleMinimum",
    "WholesalePrice", "WholesaleQuote", "WireModel",
]

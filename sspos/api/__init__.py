"""SmartSeller Open API: async client, wire models, error hierarchy, endpoint paths."""

from sspos.api.client import SmartSellerClient
from sspos.api.errors import (
    ApiError,
    ContractError,
    NetworkError,
    NotFound,
    RateLimited,
    RequestInvalid,
    ServerUnavailable,
    Unauthorized,
    ValidationFailed,
)

__all__ = [
    "ApiError",
    "ContractError",
    "NetworkError",
    "NotFound",
    "RateLimited",
    "RequestInvalid",
    "ServerUnavailable",
    "SmartSellerClient",
    "Unauthorized",
    "ValidationFailed",
]

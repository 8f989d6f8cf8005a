"""PostgREST queries: request builders, value quoting and responses."""

from ._builder import CountMethod, RequestBuilder, ReturnMethod
from ._client import AsyncPostgrestClient, offline_postgrest_client
from ._encoding import quote_value
from ._query import (
    FilterRequestBuilder,
    QueryRequestBuilder,
    RPCRequestBuilder,
    SelectRequestBuilder,
)
from ._response import APIResponse, PreparedRequest

__all__ = [
    "APIResponse",
    "AsyncPostgrestClient",
    "CountMethod",
    "FilterRequestBuilder",
    "PreparedRequest",
    "QueryRequestBuilder",
    "RPCRequestBuilder",
    "RequestBuilder",
    "ReturnMethod",
    "SelectRequestBuilder",
    "offline_postgrest_client",
    "quote_value",
]

"""The Auth (GoTrue) client: ``client.auth``, ``client.auth.mfa`` and ``client.auth.admin``."""

from ._admin import AsyncAuthAdmin, AsyncAuthAdminMFA
from ._api import AuthHttp
from ._base import AuthFlowType
from ._bearer import BearerSession
from ._client import AsyncAuthClient
from ._mfa import AsyncAuthMFA
from ._models import AMREntry, Factor, Identity, OAuthClient, Session, User, UserIdentity
from ._oauth_admin import AsyncAuthAdminOAuth
from ._responses import (
    AuthChangeEvent,
    AuthMFAAdminDeleteFactorResponse,
    AuthMFAAdminListFactorsResponse,
    AuthMFAChallengeResponse,
    AuthMFAEnrollResponse,
    AuthMFAEnrollResponseTotp,
    AuthMFAGetAuthenticatorAssuranceLevelResponse,
    AuthMFAListFactorsResponse,
    AuthMFAUnenrollResponse,
    AuthMFAVerifyResponse,
    AuthOtpResponse,
    AuthResponse,
    ClaimsResponse,
    GenerateLinkProperties,
    GenerateLinkResponse,
    IdentitiesResponse,
    OAuthClientListResponse,
    OAuthClientResponse,
    OAuthResponse,
    SSOResponse,
    Subscription,
    UserListResponse,
    UserResponse,
)
from ._sessions import EXPIRY_MARGIN_SECONDS, SessionManager
from ._storage import AsyncMemoryStorage, AsyncSupportedStorage

__all__ = [
    "EXPIRY_MARGIN_SECONDS",
    "AMREntry",
    "AsyncAuthAdmin",
    "AsyncAuthAdminMFA",
    "AsyncAuthAdminOAuth",
    "AsyncAuthClient",
    "AsyncAuthMFA",
    "AsyncMemoryStorage",
    "AsyncSupportedStorage",
    "AuthChangeEvent",
    "AuthFlowType",
    "AuthHttp",
    "AuthMFAAdminDeleteFactorResponse",
    "AuthMFAAdminListFactorsResponse",
    "AuthMFAChallengeResponse",
    "AuthMFAEnrollResponse",
    "AuthMFAEnrollResponseTotp",
    "AuthMFAGetAuthenticatorAssuranceLevelResponse",
    "AuthMFAListFactorsResponse",
    "AuthMFAUnenrollResponse",
    "AuthMFAVerifyResponse",
    "AuthOtpResponse",
    "AuthResponse",
    "BearerSession",
    "ClaimsResponse",
    "Factor",
    "GenerateLinkProperties",
    "GenerateLinkResponse",
    "IdentitiesResponse",
    "Identity",
    "OAuthClient",
    "OAuthClientListResponse",
    "OAuthClientResponse",
    "OAuthResponse",
    "SSOResponse",
    "Session",
    "SessionManager",
    "Subscription",
    "User",
    "UserIdentity",
    "UserListResponse",
    "UserResponse",
]

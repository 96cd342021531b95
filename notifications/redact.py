"""What dudao shows of a channel URL, and what it scrubs from every text that could carry one (脱敏).

apprise's "masked" URL (`url(privacy=True)`) hides only the password: a token in the user part, the path, a
`-param` or a `+header` prints in clear, and apprise logs a URL it cannot parse whole (`Unsupported URL: …`).
So dudao never prints a URL: a channel is shown as its name, scheme and host (`json://10.0.0.5:8080`); for a
bot scheme whose "host" is the token (`dingtalk://SEC…@TOKEN`, `wecombot://KEY`) the host shown is the
service's own (oapi.dingtalk.com), and for a scheme dudao does not know, the scheme alone. Every other piece
of a channel URL — user, password, path segments, query values, fragment, a bot's token — is a secret:
`scrub` replaces it in error texts, and `RedactingFilter` (held on the apprise, requests and urllib3 loggers)
replaces every known secret and every URL-looking string in their records before any handler sees them.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import quote, unquote, urlsplit

# bot schemes: the URL's host is a token; the endpoint they post to is this host
SERVICE_HOSTS = {"dingtalk": "oapi.dingtalk.com", "wecombot": "qyapi.weixin.qq.com", "feishu": "open.feishu.cn",
                 "lark": "open.larksuite.com"}
# schemes whose URL host is the host contacted (a webhook, an SMTP server): shown as given
HOST_SCHEMES = {"json", "jsons", "form", "forms", "xml", "xmls", "mailto", "mailtos"}
MIN_SECRET = 4  # shorter pieces are not scrubbed (they would mangle ordinary words)
HIDDEN = "****"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def scheme_of(url: str) -> str | None:
    m = _SCHEME.match(url.strip())
    return m[1].lower() if m else None


def channel_label(url: str, service_host: str | None = None) -> str:
    """`scheme://host[:port]` and nothing else; `service_host` is the endpoint of a scheme dudao does not list
    (from the apprise plugin), else only the scheme is shown."""
    scheme = scheme_of(url)
    if scheme is None:
        return "（无法识别的 URL）"
    host = SERVICE_HOSTS.get(scheme)
    if host is None and scheme in HOST_SCHEMES:
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        except ValueError:
            host = None
    host = host or service_host
    return f"{scheme}://{host}" if host else f"{scheme}://…"


def secret_parts(url: str, *, everything: bool = True) -> set[str]:
    """Every piece of the URL that is not its scheme, its shown host or a query key, as given, decoded and
    encoded (apprise logs some of them percent-encoded). With `everything=False`, path segments and plain
    query values count only when they look like a token (a digit, a capital, a symbol, or 16+ characters):
    that set is scrubbed from every log record, where `robot/send` or `format=text` must stay readable;
    user, password, a bot's token and `-param`/`+header`/`*token*`/`*key*`/`*secret*` values always count."""
    url = url.strip()
    scheme = scheme_of(url)
    rest = url[len(scheme) + 3:] if scheme else url
    authority, tail = re.match(r"([^/?#]*)(.*)", rest, re.S).groups()
    userinfo, at, hostport = authority.rpartition("@")
    always = set(userinfo.split(":")) if at else set()
    path, _, query = tail.partition("?")
    maybe = set(re.split(r"[/#,;]+", path))
    if scheme is None:  # not a URL at all (`https//host/…`): judge its pieces one by one
        maybe |= set(hostport.split(":"))
    elif scheme not in HOST_SCHEMES:  # a bot's "host" is its token (an unknown scheme's may be)
        always |= set(hostport.split(":"))
    for key, _, value in (item.partition("=") for item in re.split(r"[&;]", query.partition("#")[0]) if item):
        secretish = key.startswith(("+", "-", "%2B", "%2b")) or re.search(r"token|key|secret|pass|auth|sign", key, re.I)
        (always if secretish else maybe).add(value)
    pieces = always | (maybe if everything else {p for p in maybe if _token_like(unquote(p))})
    found = set()
    for piece in pieces:
        for variant in (piece, unquote(piece), quote(unquote(piece), safe="")):
            if len(variant) >= MIN_SECRET:
                found.add(variant)
    return found


def _token_like(piece: str) -> bool:
    if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", piece):  # a host name
        return False
    return len(piece) >= 16 or bool(re.search(r"[0-9A-Z]|[^A-Za-z0-9._-]", piece))


def scrub(text: str, secrets: set[str] | frozenset[str]) -> str:
    """`text` with every secret replaced (longest first, so a token is not left half-visible)."""
    for part in sorted(secrets, key=len, reverse=True):
        if part in text:
            text = text.replace(part, HIDDEN)
    return text


# a URL anywhere in a log text (also without its colon: `https//host/…`), and what follows "URL" in apprise's
# messages about URLs it could not use (`Unsupported URL: host/path?token=…`)
_URLISH = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*:?//[^\s'\"<>]+")
_AFTER_URL = re.compile(r"(\bURL\b:?\s+)(?!\(hidden\))[^\s'\"<>,]+")


def redact_text(text: str, secrets: set[str] | frozenset[str] = frozenset()) -> str:
    text = _URLISH.sub(lambda m: (scheme_of(m[0]) or m[0].split("/", 1)[0].rstrip(":")) + "://(hidden)", text)
    text = _AFTER_URL.sub(r"\1(hidden)", text)
    return scrub(text, secrets)


class RedactingFilter(logging.Filter):
    """Rewrites a log record so that it carries no channel URL and no known secret (see the module doc)."""

    def __init__(self) -> None:
        super().__init__("dudao-redact")
        self._secrets: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def remember(self, url: str) -> None:
        with self._lock:
            self._secrets = self._secrets | secret_parts(url, everything=False)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted says nothing
            message = str(record.msg)
        clean = redact_text(message, self._secrets)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info:  # a traceback would print the exception's text (a URL) in clear
            record.exc_info, record.exc_text = None, None
        return True


REDACT = RedactingFilter()
QUIET = ("apprise", "urllib3", "requests")


_GUARDED: set[str] = set()  # children already given the filter (loggers are never removed)
_SEEN = [-1]  # how many loggers existed at the last scan for children


def guard_loggers() -> None:
    """Hold the apprise, urllib3 and requests loggers (and their existing children: a logger's filters do not
    apply to its children's records) at INFO or above, each with the redacting filter. The scan for children
    runs again only when loggers were added since the last one (Prefect keeps creating loggers)."""
    registry = logging.Logger.manager.loggerDict
    if len(registry) != _SEEN[0]:
        _SEEN[0] = len(registry)
        _GUARDED.update(n for n in list(registry) if any(n == q or n.startswith(q + ".") for q in QUIET))
    for name in {*QUIET, *_GUARDED}:
        logger = logging.getLogger(name)
        if name in QUIET and logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)
        if REDACT not in logger.filters:
            logger.addFilter(REDACT)

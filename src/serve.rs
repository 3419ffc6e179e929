//! A SPARQL 1.1 Protocol endpoint over the [`Store`]: a pure [`handle`] function from a
//! [`Request`] to a [`Response`], and [`run`], which mounts it on the oxhttp server.
//!
//! Consumes HTTP requests, produces HTTP responses; the store, the query evaluation and
//! the result formats are [`graph`](crate::graph)'s and [`query`](crate::query)'s. What
//! the endpoint does:
//!
//! - queries by `GET ?query=`, `POST` with `application/x-www-form-urlencoded`
//!   (`query=`) or `POST` with `application/sparql-query`, on `/query` and `/sparql`
//!   (and on `/` when a `query` parameter is given); `default-graph-uri` and
//!   `named-graph-uri` choose the dataset, otherwise the default graph is the union of
//!   all articles;
//! - results by `Accept` (with q-values): SPARQL JSON (the default), XML, CSV and TSV for
//!   SELECT and ASK; Turtle (the default), N-Triples, JSON-LD and RDF/XML for CONSTRUCT
//!   and DESCRIBE; 406 when nothing acceptable fits;
//! - 400 with the parser's message for a bad query, 403 for updates unless
//!   [`Settings::allow_updates`], 400 for `SERVICE` (no query goes to other hosts), 413
//!   for a body over [`Settings::max_body`], 503 when a query runs past
//!   [`Settings::timeout`], 400 when its results exceed [`Settings::max_results`] (never a
//!   silently truncated answer);
//! - CORS: `Access-Control-Allow-Origin: *` on every response, and `OPTIONS` preflight;
//! - `GET /`: a self-contained HTML page with a query box, the README's example queries
//!   (`tests/queries/*.rq`) and the results as a table.
//!
//! Printing (the "listening on" line) is left to the binary.

use crate::error::{Error, Result};
use crate::graph::{Cancel, QueryOptions, Store};
use crate::query::{self, AnswerKind, Failure, ResponseFormat};
use std::io::Read as _;
use std::net::{SocketAddr, ToSocketAddrs as _};
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// The limits and switches of the endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How long a query may run before it is cancelled (503).
    pub timeout: Duration,
    /// How many rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a response may hold;
    /// `None`: no limit. More gives a 400 error, not a truncated answer.
    pub max_results: Option<usize>,
    /// The largest request body accepted, in bytes (413 beyond).
    pub max_body: usize,
    /// Whether SPARQL updates are run (otherwise they get 403).
    pub allow_updates: bool,
}

impl Default for Settings {
    /// The command's defaults: 10 s, 10,000 results, 1 MiB bodies, read-only.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_results: Some(10_000),
            max_body: 1024 * 1024,
            allow_updates: false,
        }
    }
}

/// What [`handle`] needs: the store, the settings and the rendered HTML page.
#[derive(Debug)]
pub struct State {
    store: Store,
    settings: Settings,
    page: String,
}

impl State {
    /// The state of an endpoint serving `store` with `settings`.
    #[must_use]
    pub fn new(store: Store, settings: Settings) -> Self {
        Self {
            store,
            settings,
            page: page(),
        }
    }

    /// The settings the endpoint runs with.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

/// An HTTP request, as the handler sees it (independent of the HTTP crate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, upper case (`GET`, `POST`, `OPTIONS`...).
    pub method: String,
    /// The request target: path and optional `?query` string, percent-encoded.
    pub target: String,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// The body (at most [`Settings::max_body`] + 1 bytes are read by [`run`]).
    pub body: Vec<u8>,
}

impl Request {
    /// A request without headers or body.
    #[must_use]
    pub fn new(method: &str, target: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            target: target.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of header `name` (case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    fn query_string(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// An HTTP response built by [`handle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        let mut headers = vec![
            ("access-control-allow-origin".to_owned(), "*".to_owned()),
            ("vary".to_owned(), "accept, origin".to_owned()),
        ];
        if !content_type.is_empty() {
            headers.push(("content-type".to_owned(), content_type.to_owned()));
        }
        Self {
            status,
            headers,
            body,
        }
    }

    /// A plain-text message (errors), ending with a newline.
    fn text(status: u16, message: &str) -> Self {
        Self::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    #[must_use]
    fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The first value of header `name` (case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The body as text (lossy), for messages and tests.
    #[must_use]
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

const ALLOWED_METHODS: &str = "GET, POST, OPTIONS";
const FORM: &str = "application/x-www-form-urlencoded";
const SPARQL_QUERY: &str = "application/sparql-query";
const SPARQL_UPDATE: &str = "application/sparql-update";

/// Answers one request. Pure apart from the store (updates write to it) and a watchdog
/// thread per query that enforces the time limit.
#[must_use]
pub fn handle(request: &Request, state: &State) -> Response {
    let path = request.path();
    if !matches!(path, "/" | "/query" | "/sparql" | "/update") {
        return Response::text(
            404,
            &format!("no such page: {path} (the endpoint is /query; / has a query form)"),
        );
    }
    match request.method.as_str() {
        "OPTIONS" => preflight(request),
        "GET" | "POST" => match operation(request, state) {
            Ok(Operation::Page) => Response::new(
                200,
                "text/html; charset=utf-8",
                state.page.clone().into_bytes(),
            ),
            Ok(Operation::Query { query, options }) => {
                run_query(&query, options, request.header("accept"), state)
            }
            Ok(Operation::Update(update)) => run_update(&update, state),
            Err(response) => response,
        },
        other => Response::text(
            405,
            &format!("method {other} is not allowed (use {ALLOWED_METHODS})"),
        )
        .with_header("allow", ALLOWED_METHODS),
    }
}

/// The CORS preflight answer: any origin may query, with the headers it asks for.
fn preflight(request: &Request) -> Response {
    let headers = request
        .header("access-control-request-headers")
        .unwrap_or("content-type, accept");
    Response::new(204, "", Vec::new())
        .with_header("access-control-allow-methods", ALLOWED_METHODS)
        .with_header("access-control-allow-headers", headers)
        .with_header("access-control-max-age", "86400")
        .with_header("allow", ALLOWED_METHODS)
}

enum Operation {
    Page,
    Query {
        query: String,
        options: QueryOptions,
    },
    Update(String),
}

/// Decodes what the request asks for, following the SPARQL 1.1 Protocol.
fn operation(request: &Request, state: &State) -> Result<Operation, Response> {
    let max_body = state.settings.max_body;
    let declared = request
        .header("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if request.body.len() > max_body || declared.is_some_and(|n| n > max_body as u64) {
        return Err(Response::text(
            413,
            &format!("the request body is larger than the limit of {max_body} bytes (--max-body)"),
        ));
    }
    let url_params = Params::parse(request.query_string().as_bytes());
    if request.method == "GET" {
        if url_params.has("update") {
            return Err(Response::text(
                400,
                "updates must be sent with POST (application/sparql-update or a form with update=)",
            ));
        }
        return match url_params.single("query")? {
            Some(query) => Ok(Operation::Query {
                query,
                options: url_params.dataset(),
            }),
            None if request.path() == "/" => Ok(Operation::Page),
            None => Err(Response::text(
                400,
                "missing the query parameter: GET /query?query=SELECT...",
            )),
        };
    }
    let content_type = request
        .header("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let body = || {
        String::from_utf8(request.body.clone())
            .map_err(|_| Response::text(400, "the request body is not UTF-8"))
    };
    match content_type.as_str() {
        SPARQL_QUERY => Ok(Operation::Query {
            query: body()?,
            options: url_params.dataset(),
        }),
        SPARQL_UPDATE => Ok(Operation::Update(body()?)),
        FORM => {
            let form = Params::parse(&request.body);
            match (form.single("query")?, form.single("update")?) {
                (Some(_), Some(_)) => Err(Response::text(
                    400,
                    "give either query= or update=, not both",
                )),
                (Some(query), None) => Ok(Operation::Query {
                    query,
                    options: form.dataset(),
                }),
                (None, Some(update)) => Ok(Operation::Update(update)),
                (None, None) => Err(Response::text(
                    400,
                    "the form has neither a query nor an update parameter",
                )),
            }
        }
        "" => Err(Response::text(
            415,
            &format!("a POST needs a Content-Type: {SPARQL_QUERY}, {SPARQL_UPDATE} or {FORM}"),
        )),
        other => Err(Response::text(
            415,
            &format!(
                "unsupported Content-Type {other} (use {SPARQL_QUERY}, {SPARQL_UPDATE} or {FORM})"
            ),
        )),
    }
}

/// Decoded `application/x-www-form-urlencoded` parameters.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(bytes: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The value of a parameter that may appear at most once.
    fn single(&self, name: &str) -> Result<Option<String>, Response> {
        let mut values = self.all(name);
        if values.len() > 1 {
            return Err(Response::text(
                400,
                &format!("the {name} parameter is given {} times", values.len()),
            ));
        }
        Ok(values.pop())
    }

    fn dataset(&self) -> QueryOptions {
        QueryOptions {
            cancel: None,
            default_graphs: self.all("default-graph-uri"),
            named_graphs: self.all("named-graph-uri"),
        }
    }
}

/// Cancels the query when `timeout` passes before the guard is dropped.
struct Watchdog {
    // Dropping the sender wakes the watchdog thread, which then ends without cancelling.
    _done: mpsc::Sender<()>,
}

impl Watchdog {
    fn start(cancel: Cancel, timeout: Duration) -> std::io::Result<Self> {
        let (done, wait) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("newsgraph query watchdog".into())
            .spawn(move || {
                if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
                    cancel.cancel();
                }
            })?;
        Ok(Self { _done: done })
    }
}

fn run_query(
    sparql: &str,
    mut options: QueryOptions,
    accept: Option<&str>,
    state: &State,
) -> Response {
    let settings = &state.settings;
    let cancel = Cancel::new();
    options.cancel = Some(cancel.clone());
    let _watchdog = match Watchdog::start(cancel, settings.timeout) {
        Ok(watchdog) => watchdog,
        Err(e) => return Response::text(500, &format!("cannot start the query timer: {e}")),
    };
    let answer = match query::evaluate(&state.store, sparql, &options) {
        Ok(answer) => answer,
        Err(failure) => return failure_response(&failure, settings),
    };
    let kind = answer.kind();
    let Some(format) = negotiate(accept, kind) else {
        let offered: Vec<&str> = ResponseFormat::ALL
            .into_iter()
            .filter(|f| f.fits(kind))
            .map(ResponseFormat::media_type)
            .collect();
        return Response::text(
            406,
            &format!(
                "none of the accepted media types ({}) can hold {} results; available: {}",
                accept.unwrap_or_default(),
                kind_name(kind),
                offered.join(", ")
            ),
        );
    };
    let mut body = Vec::new();
    match answer.write(format, settings.max_results, &mut body) {
        Ok(_) => Response::new(200, &content_type(format), body),
        Err(failure) => failure_response(&failure, settings),
    }
}

fn run_update(sparql: &str, state: &State) -> Response {
    if !state.settings.allow_updates {
        return Response::text(
            403,
            "updates are disabled: this endpoint is read-only (start it with --allow-updates)",
        );
    }
    match state.store.update(sparql) {
        Ok(()) => Response::new(204, "", Vec::new()),
        Err(failure) => failure_response(&failure, &state.settings),
    }
}

fn failure_response(failure: &Failure, settings: &Settings) -> Response {
    match failure {
        Failure::Syntax(message) => Response::text(400, &format!("SPARQL syntax error: {message}")),
        Failure::Cancelled => Response::text(
            503,
            &format!(
                "the query was cancelled: it ran longer than the time limit of {} (--timeout)",
                seconds(settings.timeout)
            ),
        ),
        Failure::TooManyResults(_) => Response::text(
            400,
            &format!("{failure} (the endpoint's --max-results limit)"),
        ),
        Failure::ServiceRefused(_) | Failure::BadRequest(_) => {
            Response::text(400, &failure.to_string())
        }
        // `Failure` is non-exhaustive; anything else is the server's problem.
        _ => Response::text(500, &format!("query evaluation failed: {failure}")),
    }
}

fn seconds(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

fn kind_name(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::Solutions => "SELECT",
        AnswerKind::Boolean => "ASK",
        AnswerKind::Graph => "CONSTRUCT/DESCRIBE",
    }
}

/// The `Content-Type` of a format: text formats say their charset.
fn content_type(format: ResponseFormat) -> String {
    let media_type = format.media_type();
    if media_type.starts_with("text/") {
        format!("{media_type}; charset=utf-8")
    } else {
        media_type.to_owned()
    }
}

/// Picks the format for an answer of `kind` from an `Accept` header (RFC 9110 §12.5.1):
/// each format gets the q-value of the most specific media range that matches it; the
/// highest q wins, ties go to the earlier format in [`ResponseFormat::ALL`]. No header
/// (or an empty one) means the kind's default; `None` when nothing acceptable fits.
#[must_use]
pub fn negotiate(accept: Option<&str>, kind: AnswerKind) -> Option<ResponseFormat> {
    let candidates: Vec<ResponseFormat> = ResponseFormat::ALL
        .into_iter()
        .filter(|f| f.fits(kind))
        .collect();
    let accept = match accept.map(str::trim) {
        None | Some("") => return candidates.first().copied(),
        Some(accept) => accept,
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let mut q = 1.0_f32;
            for param in parts {
                if let Some((name, value)) = param.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        // An unreadable q-value makes the range unusable rather than preferred.
                        q = value.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            Some((media, q))
        })
        .collect();
    let mut best: Option<(ResponseFormat, f32)> = None;
    for format in candidates {
        // Specificity: 2 exact type, 1 `type/*`, 0 `*/*`.
        let mut matched: Option<(u8, f32)> = None;
        for (media, q) in &ranges {
            let names =
                std::iter::once(format.media_type()).chain(format.aliases().iter().copied());
            let specificity = if names.clone().any(|n| n == media) {
                Some(2)
            } else if media == "*/*" {
                Some(0)
            } else {
                // `text/*` matches on the registered media type only (not `text/xml`).
                media.strip_suffix("/*").and_then(|major| {
                    (format.media_type().split('/').next() == Some(major)).then_some(1)
                })
            };
            if let Some(specificity) = specificity {
                if matched.is_none_or(|(s, _)| specificity > s) {
                    matched = Some((specificity, *q));
                }
            }
        }
        if let Some((_, q)) = matched {
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((format, q));
            }
        }
    }
    best.map(|(format, _)| format)
}

/// The example queries shown on the page: the README's, kept in `tests/queries/`.
const EXAMPLES: [&str; 5] = [
    include_str!("../tests/queries/1-demands.rq"),
    include_str!("../tests/queries/2-loans.rq"),
    include_str!("../tests/queries/3-lewenza-said.rq"),
    include_str!("../tests/queries/4-gm-relations.rq"),
    include_str!("../tests/queries/5-government-jobs.rq"),
];

const PAGE: &str = include_str!("serve.html");

/// The HTML page with the examples as JSON: `[{"title": first comment line, "query"}]`.
fn page() -> String {
    let examples: Vec<serde_json::Value> = EXAMPLES
        .iter()
        .map(|query| {
            let title = query
                .lines()
                .next()
                .and_then(|line| line.strip_prefix('#'))
                .map_or("example", str::trim);
            serde_json::json!({ "title": title, "query": query })
        })
        .collect();
    // `</` would end the <script> element early.
    let json = serde_json::Value::Array(examples)
        .to_string()
        .replace("</", "<\\/");
    PAGE.replace("/*EXAMPLES*/[]", &json)
}

/// Where and how `newsgraph serve` listens.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store directory (must exist).
    pub store: std::path::PathBuf,
    /// `HOST:PORT` to listen on (every address the name resolves to).
    pub bind: String,
    /// The endpoint's limits.
    pub settings: Settings,
    /// At most this many connections are served at once; more wait.
    pub max_connections: usize,
}

/// Opens the store for the endpoint: read-only (other processes may use the store
/// meanwhile) unless updates are allowed, which needs the one read-write handle.
pub fn open_store(path: &Path, allow_updates: bool) -> Result<Store> {
    if allow_updates {
        Store::open_existing(path)
    } else {
        Store::open_read_only(path)
    }
}

/// The socket addresses of a `--bind` value.
pub fn resolve(bind: &str) -> Result<Vec<SocketAddr>> {
    let addresses: Vec<SocketAddr> = bind
        .to_socket_addrs()
        .map_err(|e| Error::Other(std::io::Error::new(e.kind(), format!("--bind {bind}: {e}"))))?
        .collect();
    if addresses.is_empty() {
        return Err(Error::Other(std::io::Error::other(format!(
            "--bind {bind}: the name resolves to no address"
        ))));
    }
    Ok(addresses)
}

/// Serves `config.store` until the process ends. `on_listening` is called with the
/// addresses once the sockets are bound (the binary prints them).
pub fn run(config: &ServeConfig, on_listening: impl FnOnce(&[SocketAddr])) -> Result<()> {
    let addresses = resolve(&config.bind)?;
    let store = open_store(&config.store, config.settings.allow_updates)?;
    let state = Arc::new(State::new(store, config.settings.clone()));
    let max_body = config.settings.max_body;
    let mut server = oxhttp::Server::new(move |request| {
        let request = from_http(request, max_body);
        into_http(handle(&request, &state))
    })
    // A client that stalls this long is dropped (queries have their own --timeout).
    .with_global_timeout(config.settings.timeout + Duration::from_secs(60))
    .with_max_concurrent_connections(config.max_connections.max(1));
    for address in &addresses {
        server = server.bind(*address);
    }
    let listening = server.spawn().map_err(|e| {
        Error::Other(std::io::Error::new(
            e.kind(),
            format!("cannot listen on --bind {}: {e}", config.bind),
        ))
    })?;
    on_listening(&addresses);
    listening.join()?;
    Ok(())
}

/// Converts oxhttp's request, reading at most `max_body` + 1 bytes of the body (enough
/// for [`handle`] to see that it is too large).
fn from_http(
    request: &mut oxhttp::model::Request<oxhttp::model::Body>,
    max_body: usize,
) -> Request {
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let declared = header(&headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    let mut body = Vec::new();
    if declared.is_none_or(|n| n <= max_body as u64) {
        // A read error leaves a short body, which the query parser then reports.
        let _ = request
            .body_mut()
            .take(max_body as u64 + 1)
            .read_to_end(&mut body);
    }
    Request {
        method: request.method().as_str().to_ascii_uppercase(),
        target: request
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        headers,
        body,
    }
}

fn into_http(response: Response) -> oxhttp::model::Response<oxhttp::model::Body> {
    let mut builder = oxhttp::model::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(oxhttp::model::Body::from(response.body))
        .unwrap_or_else(|e| {
            let mut fallback = oxhttp::model::Response::new(oxhttp::model::Body::from(format!(
                "cannot build the response: {e}\n"
            )));
            *fallback.status_mut() = oxhttp::model::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    const DATA: &str = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA { GRAPH <http://example.com/g1> {
            <http://example.com/a> rdfs:label \"Alpha\" .
            <http://example.com/b> rdfs:label \"Beta\" .
            <http://example.com/c> rdfs:label \"Gamma\" .
        } }";
    const LABELS: &str = "SELECT ?name WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name";
    const GRAPH: &str = "CONSTRUCT { ?x <http://example.com/name> ?name } WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name }";

    fn state_with(settings: Settings) -> State {
        let store = Store::in_memory().unwrap();
        store.update(DATA).unwrap();
        State::new(store, settings)
    }

    fn state() -> State {
        state_with(Settings::default())
    }

    fn encode(value: &str) -> String {
        form_urlencoded::byte_serialize(value.as_bytes()).collect()
    }

    fn get(query: &str) -> Request {
        Request::new("GET", &format!("/query?query={}", encode(query)))
    }

    fn post_form(field: &str, value: &str) -> Request {
        Request::new("POST", "/query")
            .with_header("Content-Type", FORM)
            .with_body(format!("{field}={}", encode(value)))
    }

    fn assert_status(response: &Response, status: u16) {
        assert_eq!(response.status, status, "body: {}", response.body_text());
    }

    fn json(response: &Response) -> serde_json::Value {
        assert_status(response, 200);
        serde_json::from_slice(&response.body).unwrap()
    }

    fn names(response: &Response) -> Vec<String> {
        json(response)["results"]["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["name"]["value"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn get_query_answers_sparql_json_by_default_over_the_union_of_graphs() {
        let response = handle(&get(LABELS), &state());
        assert_eq!(
            response.header("content-type"),
            Some("application/sparql-results+json")
        );
        assert_eq!(names(&response), ["Alpha", "Beta", "Gamma"]);
    }

    #[test]
    fn post_form_and_post_sparql_query_give_the_same_answer() {
        let state = state();
        let form = handle(&post_form("query", LABELS), &state);
        let direct = handle(
            &Request::new("POST", "/sparql")
                .with_header("content-type", "application/sparql-query; charset=utf-8")
                .with_body(LABELS),
            &state,
        );
        assert_eq!(names(&form), ["Alpha", "Beta", "Gamma"]);
        assert_eq!(form.body, direct.body);
    }

    #[test]
    fn accept_header_picks_each_results_format() {
        let state = state();
        let cases = [
            ("application/sparql-results+xml", "<literal>Alpha</literal>"),
            ("text/csv", "name\r\nAlpha\r\nBeta\r\nGamma\r\n"),
            (
                "text/tab-separated-values",
                "?name\n\"Alpha\"\n\"Beta\"\n\"Gamma\"\n",
            ),
            ("application/json", "\"value\":\"Alpha\""),
        ];
        for (accept, expected) in cases {
            let response = handle(&get(LABELS).with_header("Accept", accept), &state);
            assert_status(&response, 200);
            let content_type = response.header("content-type").unwrap();
            let format = ResponseFormat::from_media_type(accept).unwrap();
            assert!(
                content_type.starts_with(format.media_type()),
                "{content_type}"
            );
            assert!(
                response.body_text().contains(expected),
                "{accept}: {}",
                response.body_text()
            );
        }
    }

    #[test]
    fn accept_header_picks_each_graph_format() {
        let state = state();
        let cases = [
            (None, "text/turtle", "\"Alpha\""),
            (
                Some("application/n-triples"),
                "application/n-triples",
                "<http://example.com/a> <http://example.com/name> \"Alpha\" .\n",
            ),
            (
                Some("application/ld+json"),
                "application/ld+json",
                "\"@value\":\"Alpha\"",
            ),
            (
                Some("application/rdf+xml"),
                "application/rdf+xml",
                ">Alpha<",
            ),
            (Some("text/turtle"), "text/turtle", "<http://example.com/a>"),
        ];
        for (accept, content_type, expected) in cases {
            let mut request = get(GRAPH);
            if let Some(accept) = accept {
                request = request.with_header("Accept", accept);
            }
            let response = handle(&request, &state);
            assert_status(&response, 200);
            assert!(
                response
                    .header("content-type")
                    .unwrap()
                    .starts_with(content_type),
                "{accept:?}: {:?}",
                response.header("content-type")
            );
            let body = response.body_text();
            assert!(body.contains(expected), "{accept:?}: {body}");
        }
    }

    #[test]
    fn construct_over_the_union_writes_each_triple_once() {
        let state = state_with(Settings {
            allow_updates: true,
            ..Settings::default()
        });
        let copy =
            "INSERT { GRAPH <http://example.com/g2> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }";
        assert_status(&handle(&post_form("update", copy), &state), 204);
        assert_eq!(names(&handle(&get(LABELS), &state)).len(), 6, "two graphs");
        let response = handle(
            &get(GRAPH).with_header("Accept", "application/n-triples"),
            &state,
        );
        assert_status(&response, 200);
        assert_eq!(
            response.body_text().lines().count(),
            3,
            "{}",
            response.body_text()
        );
    }

    #[test]
    fn ask_answers_a_boolean() {
        let response = handle(&get("ASK { ?s ?p \"Beta\" }"), &state());
        assert_eq!(json(&response)["boolean"], true);
    }

    #[test]
    fn negotiation_follows_q_values_wildcards_and_specificity() {
        use AnswerKind::{Graph, Solutions};
        let n = |accept: &str, kind| negotiate(Some(accept), kind);
        assert_eq!(
            n("text/csv;q=0.5, application/sparql-results+xml", Solutions),
            Some(ResponseFormat::Xml)
        );
        assert_eq!(n("text/*", Solutions), Some(ResponseFormat::Csv));
        assert_eq!(
            n("text/*;q=0.9, text/csv;q=0", Solutions),
            Some(ResponseFormat::Tsv)
        );
        assert_eq!(n("*/*", Graph), Some(ResponseFormat::Turtle));
        assert_eq!(n("application/*", Graph), Some(ResponseFormat::NTriples));
        assert_eq!(
            n("text/html, */*;q=0.1", Solutions),
            Some(ResponseFormat::Json)
        );
        assert_eq!(n("text/turtle", Solutions), None);
        assert_eq!(n("text/csv;q=0", Solutions), None);
        assert_eq!(negotiate(None, Graph), Some(ResponseFormat::Turtle));
        assert_eq!(negotiate(Some(" "), Solutions), Some(ResponseFormat::Json));
    }

    #[test]
    fn unacceptable_media_type_is_406_listing_the_available_ones() {
        let response = handle(&get(LABELS).with_header("Accept", "image/png"), &state());
        assert_status(&response, 406);
        assert!(
            response.body_text().contains("text/csv"),
            "{}",
            response.body_text()
        );
    }

    #[test]
    fn bad_query_is_400_with_the_parser_message() {
        let response = handle(&get("SELECT ?x WHERE { ?x ?y"), &state());
        assert_status(&response, 400);
        let text = response.body_text();
        assert!(text.starts_with("SPARQL syntax error: "), "{text}");
        assert!(text.contains("1:"), "line and column: {text}");
    }

    #[test]
    fn missing_or_repeated_query_parameter_is_400() {
        let state = state();
        assert_status(&handle(&Request::new("GET", "/query"), &state), 400);
        let twice = Request::new("GET", "/query?query=ASK%7B%7D&query=ASK%7B%7D");
        let response = handle(&twice, &state);
        assert_status(&response, 400);
        assert!(
            response.body_text().contains("2 times"),
            "{}",
            response.body_text()
        );
    }

    #[test]
    fn updates_are_refused_with_403_unless_allowed() {
        let insert = "INSERT DATA { <http://example.com/d> <http://www.w3.org/2000/01/rdf-schema#label> \"Delta\" }";
        let state = state();
        for request in [
            post_form("update", insert),
            Request::new("POST", "/update")
                .with_header("Content-Type", SPARQL_UPDATE)
                .with_body(insert),
        ] {
            let response = handle(&request, &state);
            assert_status(&response, 403);
            assert!(
                response.body_text().contains("--allow-updates"),
                "{}",
                response.body_text()
            );
        }
        assert_eq!(
            names(&handle(&get(LABELS), &state)),
            ["Alpha", "Beta", "Gamma"]
        );
        let get_update = Request::new("GET", &format!("/update?update={}", encode(insert)));
        assert_status(&handle(&get_update, &state), 400);
    }

    #[test]
    fn updates_run_when_allowed() {
        let state = state_with(Settings {
            allow_updates: true,
            ..Settings::default()
        });
        let insert = "INSERT DATA { <http://example.com/d> <http://www.w3.org/2000/01/rdf-schema#label> \"Delta\" }";
        assert_status(&handle(&post_form("update", insert), &state), 204);
        let delete = "DELETE WHERE { GRAPH ?g { ?x <http://www.w3.org/2000/01/rdf-schema#label> \"Alpha\" } }";
        let request = Request::new("POST", "/update")
            .with_header("Content-Type", SPARQL_UPDATE)
            .with_body(delete);
        assert_status(&handle(&request, &state), 204);
        assert_eq!(
            names(&handle(&get(LABELS), &state)),
            ["Beta", "Delta", "Gamma"]
        );
        assert_status(&handle(&post_form("update", "INSERT DATA {"), &state), 400);
    }

    #[test]
    fn read_only_disk_store_refuses_writes_even_past_the_handler() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        drop(Store::open(&path).unwrap());
        let store = open_store(&path, false).unwrap();
        assert!(
            store.update(DATA).is_err(),
            "a read-only store took an update"
        );
        let state = State::new(
            store,
            Settings {
                allow_updates: true,
                ..Settings::default()
            },
        );
        assert_status(&handle(&post_form("update", DATA), &state), 500);
    }

    #[test]
    fn service_calls_are_refused() {
        let query = "SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }";
        let response = handle(&get(query), &state());
        assert_status(&response, 400);
        assert_eq!(
            response.body_text(),
            "SERVICE <http://example.com/sparql> refused: this endpoint never sends queries to other hosts\n"
        );
    }

    #[test]
    fn body_over_the_limit_is_413() {
        let state = state_with(Settings {
            max_body: 64,
            ..Settings::default()
        });
        let long = format!("{LABELS} # {}", "x".repeat(64));
        let response = handle(&post_form("query", &long), &state);
        assert_status(&response, 413);
        assert!(
            response.body_text().contains("64 bytes"),
            "{}",
            response.body_text()
        );
        let declared = Request::new("POST", "/query")
            .with_header("Content-Type", SPARQL_QUERY)
            .with_header("Content-Length", "1000000");
        assert_status(&handle(&declared, &state), 413);
        assert_status(&handle(&post_form("query", "ASK {}"), &state), 200);
    }

    #[test]
    fn long_query_is_cancelled_at_the_time_limit() {
        let store = Store::in_memory().unwrap();
        let triples: String = (0..300)
            .map(|i| format!("<http://example.com/s{i}> <http://example.com/p> {i} .\n"))
            .collect();
        store
            .update(&format!("INSERT DATA {{ {triples} }}"))
            .unwrap();
        let state = State::new(
            store,
            Settings {
                timeout: Duration::from_millis(300),
                ..Settings::default()
            },
        );
        // 90,000 pairs, each running its own EXISTS over the store: minutes of work.
        let query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f
            FILTER EXISTS { ?g ?h ?i FILTER(?i > ?c + ?f) } }";
        let started = Instant::now();
        let response = handle(&get(query), &state);
        let elapsed = started.elapsed();
        assert_status(&response, 503);
        assert!(
            response.body_text().contains("time limit of 0.3 s"),
            "{}",
            response.body_text()
        );
        assert!(
            elapsed < Duration::from_secs(5),
            "cancelled only after {elapsed:?}"
        );
    }

    #[test]
    fn results_over_the_limit_are_an_error_not_a_truncated_answer() {
        let state = state_with(Settings {
            max_results: Some(2),
            ..Settings::default()
        });
        for query in [LABELS, GRAPH] {
            let response = handle(&get(query), &state);
            assert_status(&response, 400);
            assert!(
                response.body_text().contains("more than 2 rows"),
                "{}",
                response.body_text()
            );
        }
        let limited = format!("{LABELS} LIMIT 2");
        assert_eq!(names(&handle(&get(&limited), &state)), ["Alpha", "Beta"]);
    }

    #[test]
    fn dataset_parameters_choose_the_default_graph() {
        let state = state();
        let other = format!(
            "{}&default-graph-uri={}",
            get(LABELS).target,
            encode("http://example.com/other")
        );
        assert_eq!(
            names(&handle(&Request::new("GET", &other), &state)),
            Vec::<String>::new()
        );
        let g1 = format!(
            "{}&default-graph-uri={}",
            get(LABELS).target,
            encode("http://example.com/g1")
        );
        assert_eq!(
            names(&handle(&Request::new("GET", &g1), &state)),
            ["Alpha", "Beta", "Gamma"]
        );
        let bad = format!("{}&named-graph-uri=not%20an%20iri", get(LABELS).target);
        assert_status(&handle(&Request::new("GET", &bad), &state), 400);
    }

    #[test]
    fn every_response_allows_any_origin_and_options_is_a_preflight() {
        let state = state();
        for response in [
            handle(&get(LABELS), &state),
            handle(&get("SELECT"), &state),
            handle(&Request::new("GET", "/"), &state),
        ] {
            assert_eq!(response.header("access-control-allow-origin"), Some("*"));
        }
        let preflight = Request::new("OPTIONS", "/query")
            .with_header("Origin", "http://example.org")
            .with_header("Access-Control-Request-Method", "POST")
            .with_header("Access-Control-Request-Headers", "content-type");
        let response = handle(&preflight, &state);
        assert_status(&response, 204);
        assert_eq!(response.header("access-control-allow-origin"), Some("*"));
        assert!(response
            .header("access-control-allow-methods")
            .unwrap()
            .contains("POST"));
        assert_eq!(
            response.header("access-control-allow-headers"),
            Some("content-type")
        );
    }

    #[test]
    fn other_methods_paths_and_content_types_are_refused() {
        let state = state();
        let response = handle(&Request::new("DELETE", "/query"), &state);
        assert_status(&response, 405);
        assert_eq!(response.header("allow"), Some(ALLOWED_METHODS));
        assert_status(&handle(&Request::new("GET", "/nothing"), &state), 404);
        let xml = Request::new("POST", "/query")
            .with_header("Content-Type", "text/xml")
            .with_body("<q/>");
        assert_status(&handle(&xml, &state), 415);
    }

    #[test]
    fn home_page_is_html_with_the_readme_examples() {
        let response = handle(&Request::new("GET", "/"), &state());
        assert_status(&response, 200);
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let html = response.body_text();
        assert!(html.contains("<textarea"), "a query box");
        assert!(
            html.contains("fetch(\"query\""),
            "runs the query on the endpoint"
        );
        assert!(!html.contains("/*EXAMPLES*/"), "examples filled in");
        assert!(!html.contains("src=\"http"), "no external scripts");
        for example in EXAMPLES {
            let title = example
                .lines()
                .next()
                .unwrap()
                .trim_start_matches('#')
                .trim();
            let encoded = serde_json::to_string(title).unwrap().replace("</", "<\\/");
            assert!(html.contains(&encoded), "missing example {title}");
        }
        // A query on / runs like one on /query.
        let on_root = Request::new("GET", &format!("/?query={}", encode(LABELS)));
        assert_eq!(
            names(&handle(&on_root, &state())),
            ["Alpha", "Beta", "Gamma"]
        );
    }
}

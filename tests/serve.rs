//! End-to-end tests of `newsgraph serve`: the real binary listens on a local port and
//! real clients query it, curl for each media type and Python's SPARQLWrapper
//! (`tests/serve_client.py`). The answers are compared with what `newsgraph query`
//! prints for the same store, so the tests do not depend on what the extractor finds.
//!
//! curl, python3 and SPARQLWrapper must be installed (`scripts/test.sh` installs them);
//! a missing tool fails the test.

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn newsgraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .env_remove("NEWSGRAPH_STORE")
        .output()
        .expect("run newsgraph")
}

fn ok(args: &[&str]) -> String {
    // `newsgraph build` and `query` open the store read-write, which only one process
    // may do at a time; the tests run in parallel threads.
    static ONE_WRITER: Mutex<()> = Mutex::new(());
    let _lock = ONE_WRITER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let output = newsgraph(args);
    assert!(
        output.status.success(),
        "newsgraph {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 stdout")
}

/// Builds `seeds/` into a fresh store under `dir`.
fn build_store(dir: &Path) -> PathBuf {
    let store = dir.join("db");
    let seeds = root().join("seeds");
    ok(&[
        "build",
        "--store",
        store.to_str().expect("UTF-8 path"),
        seeds.to_str().expect("UTF-8 path"),
    ]);
    store
}

/// The seeds store shared by the read-only tests (read-only servers can share it).
fn shared_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let store = build_store(dir.path());
            (dir, store)
        })
        .1
}

/// A running `newsgraph serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(store: &Path, extra: &[&str]) -> Self {
        // Ask the OS for a free port, then give it to the server.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let bind = format!("127.0.0.1:{port}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args([
                "serve",
                "--store",
                store.to_str().expect("UTF-8 path"),
                "--bind",
                &bind,
            ])
            .args(extra)
            .env_remove("NEWSGRAPH_STORE")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsgraph serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let server = Self {
            child,
            base: format!("http://{bind}"),
        };
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(line) if line == format!("listening on {}/", server.base) => return server,
                Ok(line) => seen.push(line),
                Err(_) => panic!("newsgraph serve did not start: {seen:?}"),
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// What curl got: status, content type, headers (lower-case names) and body.
struct Reply {
    status: u16,
    content_type: String,
    headers: String,
    body: String,
}

/// Runs curl with `args` and the URL; fails the test if curl is missing.
/// `curl -G` of the form parameter `form` (`query=...`), with an optional header.
fn curl_get(url: &str, form: &str, header: Option<&str>) -> Reply {
    let mut args = vec!["-G"];
    if let Some(header) = header {
        args.extend(["-H", header]);
    }
    args.extend(["--data-urlencode", form]);
    curl(&args, url)
}

fn curl(args: &[&str], url: &str) -> Reply {
    let dir = tempfile::tempdir().expect("temporary directory");
    let body_file = dir.path().join("body");
    let headers_file = dir.path().join("headers");
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "60"])
        .arg("--output")
        .arg(&body_file)
        .arg("--dump-header")
        .arg(&headers_file)
        .args(["--write-out", "%{http_code}\n%{content_type}"])
        .args(args)
        .arg(url)
        .output()
        .expect("curl is needed for these tests (scripts/test.sh installs it)");
    assert!(
        output.status.success(),
        "curl {args:?} {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = String::from_utf8(output.stdout).expect("UTF-8 curl output");
    let (status, content_type) = out.split_once('\n').expect("status and content type");
    Reply {
        status: status.trim().parse().expect("HTTP status"),
        content_type: content_type.trim().to_owned(),
        headers: std::fs::read_to_string(&headers_file)
            .unwrap_or_default()
            .to_ascii_lowercase(),
        body: std::fs::read_to_string(&body_file).unwrap_or_default(),
    }
}

fn query_file(name: &str) -> PathBuf {
    root().join("tests/queries").join(name)
}

/// `--data-urlencode query@FILE` (POST form, or GET with `-G`).
fn form_arg(file: &Path) -> String {
    format!("query@{}", file.display())
}

fn assert_reply(reply: &Reply, status: u16, content_type: &str) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert!(
        reply.content_type.starts_with(content_type),
        "expected {content_type}, got {} ({})",
        reply.content_type,
        reply.body
    );
}

/// Rows of SPARQL CSV results, without the header (plain values: no quoting needed).
fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

const DEMANDS: &str = "1-demands.rq";
const CONSTRUCT: &str = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLITERAL(?o)) } LIMIT 50";

#[test]
fn curl_gets_select_results_in_json_xml_csv_and_tsv() {
    let store = shared_store();
    let file = query_file(DEMANDS);
    let expected_csv = ok(&[
        "query",
        "--store",
        store.to_str().expect("UTF-8 path"),
        "--format",
        "csv",
        "-f",
        file.to_str().expect("UTF-8 path"),
    ]);
    let expected = csv_rows(&expected_csv);
    assert!(
        !expected.is_empty(),
        "the example query finds rows on seeds/"
    );
    let server = Server::start(store, &[]);
    let url = server.url("/query");
    let form = form_arg(&file);

    // GET, default format: SPARQL JSON.
    let reply = curl_get(&url, &form, None);
    assert_reply(&reply, 200, "application/sparql-results+json");
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON results");
    let rows: Vec<Vec<String>> = json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            ["who", "whom"]
                .iter()
                .map(|v| b[v]["value"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(rows, expected);

    // POST form, CSV: byte for byte what the CLI prints.
    let reply = curl(&["-H", "Accept: text/csv", "--data-urlencode", &form], &url);
    assert_reply(&reply, 200, "text/csv");
    assert_eq!(reply.body, expected_csv);

    // POST application/sparql-query, TSV.
    let reply = curl(
        &[
            "-H",
            "Accept: text/tab-separated-values",
            "-H",
            "Content-Type: application/sparql-query",
            "--data-binary",
            &format!("@{}", file.display()),
        ],
        &url,
    );
    assert_reply(&reply, 200, "text/tab-separated-values");
    let tsv: Vec<Vec<String>> = reply
        .body
        .lines()
        .skip(1)
        .map(|l| {
            l.split('\t')
                .map(|c| c.trim_matches('"').to_owned())
                .collect()
        })
        .collect();
    assert_eq!(tsv, expected);

    // XML.
    let reply = curl_get(&url, &form, Some("Accept: application/sparql-results+xml"));
    assert_reply(&reply, 200, "application/sparql-results+xml");
    assert_eq!(reply.body.matches("<result>").count(), expected.len());
    for row in &expected {
        for value in row {
            assert!(
                reply.body.contains(&format!("<literal>{value}</literal>")),
                "{value} in {}",
                reply.body
            );
        }
    }
}

#[test]
fn curl_gets_construct_results_in_turtle_ntriples_and_json_ld() {
    let store = shared_store();
    let expected_nt = ok(&[
        "query",
        "--store",
        store.to_str().expect("UTF-8 path"),
        "--format",
        "csv",
        CONSTRUCT,
    ]);
    let expected: BTreeSet<&str> = expected_nt.lines().collect();
    assert!(!expected.is_empty(), "the store has literals");
    let server = Server::start(store, &[]);
    let url = server.url("/query");
    let query = format!("query={CONSTRUCT}");

    let reply = curl(
        &[
            "-H",
            "Accept: application/n-triples",
            "--data-urlencode",
            &query,
        ],
        &url,
    );
    assert_reply(&reply, 200, "application/n-triples");
    assert_eq!(reply.body.lines().collect::<BTreeSet<_>>(), expected);

    let reply = curl_get(&url, &query, None);
    assert_reply(&reply, 200, "text/turtle");
    assert!(reply.body.contains("@prefix"), "{}", reply.body);

    let reply = curl(
        &[
            "-H",
            "Accept: application/ld+json",
            "--data-urlencode",
            &query,
        ],
        &url,
    );
    assert_reply(&reply, 200, "application/ld+json");
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON-LD");
    assert!(
        json.is_array() || json.is_object(),
        "JSON-LD document: {}",
        reply.body
    );
    let literals = reply.body.matches("\"@value\"").count();
    assert_eq!(literals, expected.len(), "{}", reply.body);
}

#[test]
fn sparqlwrapper_reads_every_format() {
    let store = shared_store();
    let file = query_file(DEMANDS);
    let expected = csv_rows(&ok(&[
        "query",
        "--store",
        store.to_str().expect("UTF-8 path"),
        "--format",
        "csv",
        "-f",
        file.to_str().expect("UTF-8 path"),
    ]));
    let triples = ok(&[
        "query",
        "--store",
        store.to_str().expect("UTF-8 path"),
        "--format",
        "csv",
        CONSTRUCT,
    ])
    .lines()
    .collect::<BTreeSet<_>>()
    .len();
    let server = Server::start(store, &[]);
    let dir = tempfile::tempdir().expect("temporary directory");
    let construct = dir.path().join("construct.rq");
    std::fs::write(&construct, CONSTRUCT).expect("write query");
    let output = Command::new("python3")
        .arg(root().join("tests/serve_client.py"))
        .arg(server.url("/query"))
        .arg(&file)
        .arg(&construct)
        .output()
        .expect("python3 is needed for these tests (scripts/test.sh installs it)");
    assert!(
        output.status.success(),
        "tests/serve_client.py failed (is SPARQLWrapper installed? scripts/test.sh installs it): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&output.stdout).expect("client JSON");
    let expected_json = serde_json::json!(expected);
    for format in ["json", "xml", "csv", "tsv"] {
        assert_eq!(got["select"][format], expected_json, "SELECT as {format}");
    }
    assert_eq!(got["post"], expected_json, "SELECT by POST");
    assert_eq!(got["ask"], true);
    for format in ["turtle", "json-ld", "rdf-xml"] {
        assert_eq!(got["construct"][format], triples, "CONSTRUCT as {format}");
    }
    assert_eq!(got["bad_query"], "QueryBadFormed");
}

#[test]
fn bad_query_unknown_type_and_cors_over_http() {
    let server = Server::start(shared_store(), &[]);
    let url = server.url("/query");
    let reply = curl_get(&url, "query=SELECT ?x WHERE { ?x", None);
    assert_reply(&reply, 400, "text/plain");
    assert!(
        reply.body.starts_with("SPARQL syntax error"),
        "{}",
        reply.body
    );

    let reply = curl_get(&url, "query=ASK {}", Some("Accept: image/png"));
    assert_eq!(reply.status, 406, "{}", reply.body);

    let reply = curl_get(&url, "query=ASK {}", Some("Origin: http://example.org"));
    assert_reply(&reply, 200, "application/sparql-results+json");
    assert!(
        reply.headers.contains("access-control-allow-origin: *"),
        "{}",
        reply.headers
    );
    let reply = curl(
        &[
            "-X",
            "OPTIONS",
            "-H",
            "Origin: http://example.org",
            "-H",
            "Access-Control-Request-Method: POST",
        ],
        &url,
    );
    assert_eq!(reply.status, 204);
    // oxhttp 0.3 drops `Access-Control-Allow-Methods` from responses (it lists it among
    // the forbidden header names); browsers do not need it for GET and POST, which are
    // CORS-safelisted methods. The headers of a preflight are what they need.
    for header in [
        "access-control-allow-origin: *",
        "access-control-allow-headers: content-type",
    ] {
        assert!(
            reply.headers.contains(header),
            "{header}: {}",
            reply.headers
        );
    }

    let reply = curl(&[], &server.url("/"));
    assert_reply(&reply, 200, "text/html");
    assert!(reply.body.contains("<textarea"), "{}", reply.body);
}

#[test]
fn updates_are_refused_over_http_without_the_flag() {
    let server = Server::start(shared_store(), &[]);
    let update = "update=INSERT DATA { <http://example.com/x> <http://example.com/p> \"x\" }";
    let reply = curl(&["--data-urlencode", update], &server.url("/update"));
    assert_reply(&reply, 403, "text/plain");
    assert!(reply.body.contains("--allow-updates"), "{}", reply.body);
    let reply = curl_get(
        &server.url("/query"),
        "query=ASK { ?s <http://example.com/p> \"x\" }",
        None,
    );
    assert_eq!(reply.body, "{\"head\":{},\"boolean\":false}");
}

#[test]
fn updates_run_over_http_with_allow_updates() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = build_store(dir.path());
    let server = Server::start(&store, &["--allow-updates"]);
    let reply = curl(
        &[
            "-H",
            "Content-Type: application/sparql-update",
            "--data-binary",
            "INSERT DATA { GRAPH <http://example.com/g> { <http://example.com/x> <http://example.com/p> \"x\" } }",
        ],
        &server.url("/update"),
    );
    assert_eq!(reply.status, 204, "{}", reply.body);
    let reply = curl_get(
        &server.url("/query"),
        "query=ASK { ?s <http://example.com/p> \"x\" }",
        None,
    );
    assert_eq!(reply.body, "{\"head\":{},\"boolean\":true}");
}

#[test]
fn a_long_query_is_cancelled_at_the_time_limit_over_http() {
    let server = Server::start(shared_store(), &["--timeout", "1"]);
    // Every pair of quads runs its own scan of the store: far more than a second.
    let query = "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f \
                 FILTER EXISTS { ?g ?h ?i FILTER(STR(?i) = CONCAT(STR(?c), STR(?f))) } }";
    let started = Instant::now();
    let reply = curl(&["--data-urlencode", query], &server.url("/query"));
    let elapsed = started.elapsed();
    assert_reply(&reply, 503, "text/plain");
    assert!(reply.body.contains("time limit of 1 s"), "{}", reply.body);
    assert!(
        elapsed < Duration::from_secs(15),
        "answered after {elapsed:?}"
    );
    // The server still answers afterwards.
    let reply = curl_get(&server.url("/query"), "query=ASK {}", None);
    assert_eq!(reply.status, 200);
}

#[test]
fn results_over_max_results_are_refused_over_http() {
    let server = Server::start(shared_store(), &["--max-results", "3"]);
    let url = server.url("/query");
    let reply = curl_get(&url, "query=SELECT * WHERE { ?s ?p ?o }", None);
    assert_reply(&reply, 400, "text/plain");
    assert!(reply.body.contains("more than 3 rows"), "{}", reply.body);
    let reply = curl_get(
        &url,
        "query=SELECT * WHERE { ?s ?p ?o } LIMIT 3",
        Some("Accept: text/csv"),
    );
    assert_reply(&reply, 200, "text/csv");
    assert_eq!(reply.body.lines().count(), 4, "header and 3 rows");
}

#[test]
fn body_over_max_body_is_413_over_http() {
    let server = Server::start(shared_store(), &["--max-body", "100"]);
    let long = format!("query=ASK {{}} # {}", "x".repeat(200));
    let reply = curl(&["--data-urlencode", &long], &server.url("/query"));
    assert_eq!(reply.status, 413, "{}", reply.body);
}

#[test]
fn newsgraph_query_runs_while_a_read_only_server_holds_the_store() {
    let store = shared_store();
    let _server = Server::start(store, &[]);
    let out = ok(&[
        "query",
        "--store",
        store.to_str().expect("UTF-8 path"),
        "--format",
        "csv",
        "ASK { ?s ?p ?o }",
    ]);
    assert_eq!(out, "true");
}

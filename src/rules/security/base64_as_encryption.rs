use super::named_functions::{is_deliberately_permissive, named_functions, split_words};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{literal_string_value, visit_descendants};
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// A function whose name says it encrypts, seals or protects data (`encrypt`,
    /// `encryptPassword`, `seal`, `protect`, `cipher`, `secure_cookie`…) and whose body only
    /// base64- or hex-encodes it: `base64::engine::general_purpose::STANDARD.encode`, `hex::encode`,
    /// `base64.b64encode`, `binascii.hexlify`, `btoa`, `Buffer.from(x).toString('base64')`,
    /// `base64.StdEncoding.EncodeToString`, `hex.EncodeToString`, with nothing else but type
    /// conversions (`as_bytes`, `.encode('utf-8')`, `[]byte(s)`, `JSON.stringify`…) around it.
    /// The symmetric counterpart is flagged too: a `decrypt`/`unseal`/`unprotect` function that
    /// only base64- or hex-decodes. The finding points at the function's name.
    ///
    /// ## Why it matters
    /// Base64 and hex are encodings, not encryption: anyone who sees the value decodes it in one
    /// command, no key needed. A function named `encrypt` makes callers store passwords, tokens
    /// or personal data believing they are protected when they are in clear text.
    ///
    /// ## How to fix
    /// Use an authenticated cipher with a key from a secret store (AES-GCM via `aes-gcm`/`ring`,
    /// Go `crypto/cipher` `NewGCM`, Python `cryptography`'s `Fernet`/`AESGCM`, Node
    /// `crypto.createCipheriv('aes-256-gcm', …)`) and base64-encode the ciphertext if it must be
    /// text. Passwords must be hashed (argon2, bcrypt, scrypt), not encrypted.
    ///
    /// ## Example
    /// ```python
    /// def encrypt_token(token: str) -> str:
    ///     return base64.b64encode(token.encode()).decode()
    /// ```
    /// Use instead:
    /// ```python
    /// def encrypt_token(token: str) -> str:
    ///     return Fernet(settings.TOKEN_KEY).encrypt(token.encode()).decode()
    /// ```
    ///
    /// ## Does not flag
    /// Functions that call anything else — a cipher (`Aes256Gcm`, `ChaCha20Poly1305`,
    /// `createCipheriv`, `Fernet`, `aes.NewCipher`/`cipher.NewGCM`, `nacl`, `ring::aead`, a
    /// `seal`/`encrypt` method of a cipher object), a hash or HMAC, or any helper whose body is
    /// not visible here — and XOR-based transforms (weak, but not "only encoding"); names that
    /// admit the encoding (`obfuscate`, `encode_token`, `to_base64`); types whose name says
    /// the weakness is deliberate (`NoopEncryptor`, `PlaintextCipher`, mocks and stubs);
    /// participles (`encrypted_payload` that encodes ciphertext); comments, strings, and test
    /// code.
    pub struct Base64AsEncryption {
        id: "base64-as-encryption",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 2.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::Python,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
        ],
        summary: "an `encrypt` function that only base64/hex-encodes",
        literals: &["base64", "Base64", "BASE64", "b64", "B64", "btoa", "atob", "hex", "Hex", "HEX", "STANDARD", "URL_SAFE"],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Encrypt,
    Decrypt,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CallKind {
    Encoder,
    Decoder,
    Plumbing,
    Unknown,
}

impl Rule for Base64AsEncryption {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for f in named_functions(ctx) {
            if !ctx.is_production_code(f.function) {
                continue;
            }
            let Some(direction) = direction_of(f.name) else {
                continue;
            };
            if is_deliberately_permissive(f.name)
                || f.container
                    .is_some_and(|c| is_deliberately_permissive(c) || admits_weakness(c))
                || admits_weakness(f.name)
            {
                continue;
            }
            let mut nodes = vec![f.body];
            visit_descendants(f.body, |_| true, |n| nodes.push(n));
            let mut encoders: Vec<Node<'_>> = Vec::new();
            let mut decoders: Vec<Node<'_>> = Vec::new();
            let mut other = false;
            for n in nodes {
                if is_xor(ctx, n) {
                    other = true;
                    break;
                }
                let kind = match n.kind() {
                    "call_expression" | "call" => classify_call(ctx, n),
                    "macro_invocation" => classify_macro(ctx, n),
                    "new_expression" => classify_new(ctx, n),
                    _ => continue,
                };
                match kind {
                    CallKind::Encoder => encoders.push(n),
                    CallKind::Decoder => decoders.push(n),
                    CallKind::Plumbing => {}
                    CallKind::Unknown => {
                        other = true;
                        break;
                    }
                }
            }
            if other {
                continue;
            }
            let (used, what, verb) = match direction {
                Direction::Encrypt => (encoders.first(), "encodes", "encoding is not encryption"),
                Direction::Decrypt => (
                    decoders.first(),
                    "decodes",
                    "the data it decrypts was never encrypted",
                ),
            };
            let Some(call) = used else { continue };
            let callee = call
                .field("function")
                .map(|c| short(ctx.text_of(c)))
                .unwrap_or_else(|| short(ctx.text_of(*call)));
            let mut finding = ctx.finding(
                &Self::META,
                f.name_node,
                format!(
                    "`{}` only {what} with `{callee}`: {verb}, anyone can reverse it without a key",
                    f.name
                ),
            );
            finding.end_line = finding.line;
            out.push(finding);
        }
    }
}

fn short(text: &str) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.chars().take(60).collect()
}

/// What the name promises: encryption or decryption. `None` for everything else.
fn direction_of(name: &str) -> Option<Direction> {
    let words = split_words(name);
    let first = words.first().map(String::as_str).unwrap_or("");
    let any = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if any(&[
        "obfuscate",
        "deobfuscate",
        "obfuscated",
        "encode",
        "decode",
        "base64",
        "hex",
    ]) {
        return None;
    }
    if any(&[
        "decrypt",
        "decrypts",
        "decipher",
        "deciphers",
        "decryption",
        "unseal",
        "unseals",
        "unprotect",
        "unprotects",
    ]) {
        return Some(Direction::Decrypt);
    }
    if any(&[
        "encrypt",
        "encrypts",
        "encipher",
        "enciphers",
        "encryption",
        "seal",
        "seals",
        "protect",
        "protects",
    ]) || matches!(first, "secure" | "cipher")
    {
        return Some(Direction::Encrypt);
    }
    None
}

/// Names that say the weakness is known: `PlaintextCipher`, `IdentityEncryptor`, `DebugSealer`.
fn admits_weakness(name: &str) -> bool {
    split_words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "plain" | "plaintext" | "cleartext" | "identity" | "debug" | "weak" | "naive"
        )
    })
}

fn is_xor(ctx: &FileContext<'_>, n: Node<'_>) -> bool {
    if !matches!(
        n.kind(),
        "binary_expression"
            | "binary_operator"
            | "compound_assignment_expr"
            | "augmented_assignment_expression"
            | "augmented_assignment"
            | "assignment_statement"
    ) {
        return false;
    }
    n.field("operator")
        .is_some_and(|op| matches!(ctx.text_of(op), "^" | "^="))
}

/// The callee's text without whitespace, and its last segment.
fn callee_of<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<(String, &'a str)> {
    let mut callee = call.field("function")?;
    if callee.kind() == "generic_function" {
        callee = callee.field("function")?;
    }
    let last = match callee.kind() {
        "field_expression" | "selector_expression" => callee.field("field"),
        "member_expression" => callee.field("property"),
        "attribute" => callee.field("attribute"),
        "scoped_identifier" => callee.field("name"),
        _ => Some(callee),
    }
    .map(|n| ctx.text_of(n))
    .unwrap_or("");
    let full: String = ctx
        .text_of(callee)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some((full, last))
}

/// The string value of the call's argument at `index`, if it is a plain literal.
fn string_arg<'a>(ctx: &FileContext<'a>, call: Node<'_>, index: usize) -> Option<&'a str> {
    let args = call.field("arguments")?;
    let mut cursor = args.walk();
    let arg = args
        .named_children(&mut cursor)
        .filter(|c| !c.kind().contains("comment"))
        .nth(index)?;
    literal_string_value(arg, ctx.text)
}

fn arg_count(call: Node<'_>) -> usize {
    call.field("arguments")
        .map(|a| a.named_child_count())
        .unwrap_or(0)
}

fn is_encoding_name(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    matches!(
        v.as_str(),
        "base64"
            | "base64url"
            | "hex"
            | "base32"
            | "base_64"
            | "b64"
            | "base64_codec"
            | "hex_codec"
    )
}

/// `base64Encode`, `to_base64`, `encodeHex`, `hexlify`: a helper whose name says it encodes.
fn named_codec(last: &str) -> Option<CallKind> {
    let lower: String = last
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    let codec = ["base64", "b64", "hex", "base32"]
        .iter()
        .any(|c| lower.contains(c))
        && !lower.contains("digest");
    if !codec {
        return None;
    }
    if lower.contains("encode") || lower.starts_with("to") || lower.ends_with("lify") {
        Some(CallKind::Encoder)
    } else if lower.contains("decode") || lower.starts_with("from") || lower.starts_with("unhex") {
        Some(CallKind::Decoder)
    } else {
        None
    }
}

fn classify_call(ctx: &FileContext<'_>, call: Node<'_>) -> CallKind {
    let Some((full, last)) = callee_of(ctx, call) else {
        return CallKind::Unknown;
    };
    let lower_full = full.to_ascii_lowercase();
    if is_logging(&full) {
        return CallKind::Plumbing;
    }
    match ctx.language {
        Language::Rust => {
            let codec_receiver = [
                "base64", "base32", "hex", "b64", "standard", "url_safe", "engine",
            ]
            .iter()
            .any(|c| lower_full.contains(c));
            if codec_receiver && last.starts_with("encode") {
                return CallKind::Encoder;
            }
            if codec_receiver && last.starts_with("decode") {
                return CallKind::Decoder;
            }
            if let Some(k) = named_codec(last) {
                return k;
            }
            if matches!(
                last,
                "as_bytes"
                    | "to_string"
                    | "to_owned"
                    | "into"
                    | "clone"
                    | "as_ref"
                    | "to_vec"
                    | "as_str"
                    | "from_utf8"
                    | "from_utf8_lossy"
                    | "into_bytes"
                    | "as_slice"
                    | "len"
                    | "unwrap"
                    | "expect"
                    | "unwrap_or_default"
                    | "map_err"
                    | "ok"
                    | "ok_or"
                    | "ok_or_else"
                    | "into_owned"
                    | "trim"
                    | "Ok"
                    | "Some"
                    | "Err"
                    | "from_str"
                    | "from_slice"
            ) || full == "String::from"
                || full == "Vec::from"
            {
                return CallKind::Plumbing;
            }
            CallKind::Unknown
        }
        Language::Go => {
            let codec_pkg = ["base64.", "base32.", "hex.", "b64."]
                .iter()
                .any(|p| full.starts_with(p))
                || full.contains("Encoding.");
            if codec_pkg && last.starts_with("Encode") {
                return CallKind::Encoder;
            }
            if codec_pkg && last.starts_with("Decode") {
                return CallKind::Decoder;
            }
            if let Some(k) = named_codec(last) {
                return k;
            }
            if matches!(
                full.as_str(),
                "string"
                    | "len"
                    | "append"
                    | "make"
                    | "copy"
                    | "fmt.Sprintf"
                    | "fmt.Sprint"
                    | "fmt.Errorf"
                    | "errors.New"
                    | "json.Marshal"
                    | "json.Unmarshal"
                    | "strings.TrimSpace"
            ) {
                return CallKind::Plumbing;
            }
            CallKind::Unknown
        }
        Language::Python => {
            if matches!(
                last,
                "b64encode"
                    | "urlsafe_b64encode"
                    | "standard_b64encode"
                    | "b32encode"
                    | "b16encode"
                    | "b85encode"
                    | "a85encode"
                    | "encodebytes"
                    | "hexlify"
                    | "b2a_base64"
                    | "b2a_hex"
            ) || (last == "hex" && arg_count(call) == 0)
            {
                return CallKind::Encoder;
            }
            if matches!(
                last,
                "b64decode"
                    | "urlsafe_b64decode"
                    | "standard_b64decode"
                    | "b32decode"
                    | "b16decode"
                    | "b85decode"
                    | "a85decode"
                    | "decodebytes"
                    | "unhexlify"
                    | "a2b_base64"
                    | "a2b_hex"
                    | "fromhex"
            ) {
                return CallKind::Decoder;
            }
            if full.starts_with("codecs.") {
                return match (last, string_arg(ctx, call, 1).is_some_and(is_encoding_name)) {
                    ("encode", true) => CallKind::Encoder,
                    ("decode", true) => CallKind::Decoder,
                    _ => CallKind::Unknown,
                };
            }
            if let Some(k) = named_codec(last) {
                return k;
            }
            if matches!(
                full.as_str(),
                "str" | "bytes" | "bytearray" | "len" | "json.dumps" | "json.loads" | "print"
            ) || matches!(last, "encode" | "decode" | "strip" | "rstrip")
            {
                return CallKind::Plumbing;
            }
            CallKind::Unknown
        }
        _ => {
            // JavaScript and TypeScript.
            match full.as_str() {
                "btoa" | "window.btoa" | "globalThis.btoa" => return CallKind::Encoder,
                "atob" | "window.atob" | "globalThis.atob" => return CallKind::Decoder,
                _ => {}
            }
            if last == "toString" {
                return if string_arg(ctx, call, 0).is_some_and(is_encoding_name) {
                    CallKind::Encoder
                } else {
                    CallKind::Plumbing
                };
            }
            if full == "Buffer.from" {
                return if string_arg(ctx, call, 1).is_some_and(is_encoding_name) {
                    CallKind::Decoder
                } else {
                    CallKind::Plumbing
                };
            }
            if lower_full.contains("base64") && (last == "stringify" || last.starts_with("encode"))
            {
                return CallKind::Encoder;
            }
            if lower_full.contains("base64") && (last == "parse" || last.starts_with("decode")) {
                return CallKind::Decoder;
            }
            if let Some(k) = named_codec(last) {
                return k;
            }
            if matches!(
                full.as_str(),
                "JSON.stringify"
                    | "JSON.parse"
                    | "String"
                    | "encodeURIComponent"
                    | "decodeURIComponent"
                    | "unescape"
                    | "escape"
                    | "String.fromCharCode"
                    | "Array.from"
                    | "Uint8Array.from"
            ) || matches!(
                last,
                "encode" | "decode" | "charCodeAt" | "join" | "split" | "replace" | "map" | "trim"
            ) {
                return CallKind::Plumbing;
            }
            CallKind::Unknown
        }
    }
}

fn is_logging(full: &str) -> bool {
    let root = full.split(['.', ':']).next().unwrap_or(full);
    matches!(root, "console" | "logger" | "log" | "logging" | "tracing")
        || full.starts_with("this.logger.")
        || full.starts_with("self.logger.")
}

fn classify_macro(ctx: &FileContext<'_>, n: Node<'_>) -> CallKind {
    let name = n.field("macro").map(|m| ctx.text_of(m)).unwrap_or("");
    let last = name.rsplit("::").next().unwrap_or(name);
    if matches!(
        last,
        "format" | "vec" | "println" | "eprintln" | "trace" | "debug" | "info" | "warn" | "error"
    ) {
        CallKind::Plumbing
    } else {
        CallKind::Unknown
    }
}

fn classify_new(ctx: &FileContext<'_>, n: Node<'_>) -> CallKind {
    let ctor = n.field("constructor").map(|c| ctx.text_of(c)).unwrap_or("");
    if matches!(
        ctor,
        "TextEncoder" | "TextDecoder" | "Uint8Array" | "Error" | "TypeError"
    ) {
        CallKind::Plumbing
    } else {
        CallKind::Unknown
    }
}

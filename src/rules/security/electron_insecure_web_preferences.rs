use super::support::{Binding, bindings, inside_branch_on, is_production};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Electron window options that switch off the renderer's protections, in a
    /// `webPreferences` object (of `new BrowserWindow({...})`, `BrowserView`, `WebContentsView`,
    /// a `webPreferences` variable, or `webPreferences.x = …` in a `will-attach-webview`
    /// handler) or directly in the options of `new BrowserWindow({...})`:
    /// `nodeIntegration: true`, `nodeIntegrationInWorker: true`,
    /// `nodeIntegrationInSubFrames: true`, `contextIsolation: false`, `webSecurity: false`,
    /// `sandbox: false`, `allowRunningInsecureContent: true`.
    ///
    /// ## Why it matters
    /// A renderer shows web content, which is one injection away from running an attacker's
    /// script. With Node.js integration, no context isolation or no sandbox, that script can
    /// `require('child_process')` or reach the preload's privileged APIs: a cross-site scripting
    /// bug becomes code execution on the user's machine. `webSecurity: false` and
    /// `allowRunningInsecureContent` remove the same-origin policy and mixed-content blocking.
    ///
    /// ## How to fix
    /// Keep Electron's secure defaults (`contextIsolation: true`, `sandbox: true`,
    /// `nodeIntegration: false`, `webSecurity: true`), and expose the few operations the page
    /// needs through a preload script with `contextBridge.exposeInMainWorld`, validating every
    /// argument in the main process.
    ///
    /// ## Example
    /// ```js
    /// const win = new BrowserWindow({
    ///   webPreferences: { nodeIntegration: true, contextIsolation: false },
    /// });
    /// ```
    /// Use instead:
    /// ```js
    /// const win = new BrowserWindow({
    ///   webPreferences: { preload: path.join(__dirname, "preload.js") },
    /// });
    /// ```
    ///
    /// ## Does not flag
    /// The safe values (`nodeIntegration: false`, `contextIsolation: true`, `sandbox: true`),
    /// values that are not literals (`webSecurity: !isDev`), settings applied only in a
    /// development branch (`if (isDev) { … }`), the same keys outside Electron window options
    /// (`{ sandbox: false }` of a payment SDK), the keys in comments and strings, and test code.
    pub struct ElectronInsecureWebPreferences {
        id: "electron-insecure-web-preferences",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 1.0,
        languages: &[Language::JavaScript, Language::TypeScript, Language::Tsx],
        summary: "Electron window options that turn off the renderer's protections",
        literals: &["webPreferences", "WebPreferences", "BrowserWindow", "BrowserView", "WebContentsView"],
    }
}

impl Rule for ElectronInsecureWebPreferences {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for b in bindings(ctx) {
            let Some(message) = insecure_setting(b) else {
                continue;
            };
            if !in_window_options(ctx, b.key) {
                continue;
            }
            if !is_production(ctx, b.key)
                || inside_branch_on(ctx, b.key, &["dev", "debug", "test", "e2e"])
            {
                continue;
            }
            out.push(ctx.finding(&Self::META, b.key, message));
        }
    }
}

/// The message for a setting with its insecure literal value.
fn insecure_setting(b: &Binding<'_>) -> Option<&'static str> {
    let value = match b.value.kind() {
        "true" => true,
        "false" => false,
        _ => return None,
    };
    Some(match (b.name, value) {
        ("nodeIntegration", true) => {
            "`nodeIntegration: true` gives the page's scripts full Node.js access; one XSS becomes code execution"
        }
        ("nodeIntegrationInWorker", true) => {
            "`nodeIntegrationInWorker: true` gives web workers full Node.js access"
        }
        ("nodeIntegrationInSubFrames", true) => {
            "`nodeIntegrationInSubFrames: true` gives every sub-frame full Node.js access"
        }
        ("contextIsolation", false) => {
            "`contextIsolation: false` lets page scripts reach the preload's privileged APIs"
        }
        ("webSecurity", false) => {
            "`webSecurity: false` turns off the same-origin policy in this window"
        }
        ("sandbox", false) => "`sandbox: false` runs the renderer outside the Chromium sandbox",
        ("allowRunningInsecureContent", true) => {
            "`allowRunningInsecureContent: true` lets HTTPS pages run scripts loaded over HTTP"
        }
        _ => return None,
    })
}

fn is_window_constructor(text: &str) -> bool {
    let last = text.rsplit('.').next().unwrap_or(text);
    matches!(last, "BrowserWindow" | "BrowserView" | "WebContentsView")
}

/// The key sits in Electron window options: a `webPreferences` object, the options object of a
/// window constructor, or a `webPreferences.x = …` assignment.
fn in_window_options(ctx: &FileContext<'_>, key: Node<'_>) -> bool {
    let Some(parent) = key.parent() else {
        return false;
    };
    // `webPreferences.nodeIntegration = true`, `options.webPreferences.sandbox = false`.
    if parent.kind() == "member_expression" {
        return parent
            .field("object")
            .is_some_and(|o| ctx.text_of(o).ends_with("webPreferences"));
    }
    if parent.kind() != "pair" {
        return false;
    }
    let Some(object) = parent.parent().filter(|o| o.kind() == "object") else {
        return false;
    };
    let Some(holder) = object.parent() else {
        return false;
    };
    match holder.kind() {
        // `webPreferences: { … }`
        "pair" => holder
            .field("key")
            .is_some_and(|k| ctx.text_of(k).trim_matches(['"', '\'']) == "webPreferences"),
        // `const webPreferences = { … }`, `const prefs: WebPreferences = { … }`
        "variable_declarator" => {
            let named = holder
                .field("name")
                .is_some_and(|n| ctx.text_of(n).contains("ebPreferences"));
            let typed = holder
                .field("type")
                .is_some_and(|t| ctx.text_of(t).contains("WebPreferences"));
            named || typed
        }
        // `new BrowserWindow({ nodeIntegration: true })`
        "arguments" => holder.parent().is_some_and(|call| {
            call.kind() == "new_expression"
                && call
                    .field("constructor")
                    .is_some_and(|c| is_window_constructor(ctx.text_of(c)))
        }),
        _ => false,
    }
}

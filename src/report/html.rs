//! `--format html`: one self-contained file (inline CSS, SVG and script; no network, no external
//! fonts) that a lead can mail or attach to a ticket.
//!
//! Everything taken from the audited repository is HTML-escaped. On top of that, a
//! Content-Security-Policy allows only this file's own inline script (by its SHA-256 hash), so
//! even a mistake in escaping could not run injected script.

use super::escape::html as esc;
use super::{EFFORT_ASSUMPTIONS, Format, Report, hours};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::io::{self, Write};

pub struct Html;

const STYLE: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #dde1e7;padding-bottom:4px}
.muted{color:#5c6675}.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:16px;margin:12px 0}
.grade{display:inline-block;font-size:40px;font-weight:700;width:64px;height:64px;line-height:64px;text-align:center;border-radius:10px;color:#fff;margin-right:16px;vertical-align:middle}
.gA{background:#1f8a4c}.gB{background:#5a9e2f}.gC{background:#c9a227}.gD{background:#d9822b}.gF{background:#c23030}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e6e9ee;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
pre{margin:4px 0 0;white-space:pre-wrap;word-break:break-all;background:#f3f4f7;padding:4px 6px;border-radius:4px}
.sev{font-weight:600;text-transform:uppercase;font-size:11px;padding:1px 6px;border-radius:4px;color:#fff}
.critical{background:#8b1a1a}.high{background:#c23030}.medium{background:#c98a12}.low{background:#3c7dbb}
.filters select{margin-right:8px;padding:3px}ul.check{list-style:none;padding-left:0}ul.check li{margin:2px 0}
.ok{color:#1f8a4c}.fail{color:#c23030}td:nth-child(2) code{white-space:nowrap}
"#;

/// Hides rows that do not match the three filters. Reads only the DOM; no data is inlined.
const SCRIPT: &str = r#"(function(){var s=['f-category','f-severity','f-rule'].map(function(i){return document.getElementById(i);});function apply(){var rows=document.querySelectorAll('#findings tbody tr');var shown=0;for(var i=0;i<rows.length;i++){var r=rows[i];var ok=(!s[0].value||r.getAttribute('data-category')===s[0].value)&&(!s[1].value||r.getAttribute('data-severity')===s[1].value)&&(!s[2].value||r.getAttribute('data-rule')===s[2].value);r.hidden=!ok;if(ok){shown++;}}document.getElementById('shown').textContent=String(shown);}s.forEach(function(e){e.addEventListener('change',apply);});apply();})();"#;

fn script_hash() -> String {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(digest)
}

impl Format for Html {
    fn render(&self, r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let csp = format!(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
            script_hash()
        );
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        )?;
        writeln!(
            out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
        )?;
        writeln!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(
            out,
            "<title>Readiness audit: {}</title><style>{STYLE}</style></head><body><main>",
            esc(&r.root_display)
        )?;

        let grade = r.score.grade;
        writeln!(
            out,
            "<div class=\"card\"><span class=\"grade g{grade}\" id=\"grade\">{grade}</span>"
        )?;
        writeln!(
            out,
            "<span style=\"display:inline-block;vertical-align:middle\"><h1>Production readiness: {}</h1>",
            esc(&r.root_display)
        )?;
        writeln!(
            out,
            "<div>Score <b id=\"score\">{:.1}</b>/100 · {}</div>",
            r.score.score,
            esc(&r.profile_line())
        )?;
        if let Some(raw) = r.score.uncapped_grade {
            writeln!(
                out,
                "<div class=\"muted\">The score alone gives {raw}; open critical findings cap the grade at C.</div>"
            )?;
        }
        let c = r.severity_counts();
        writeln!(
            out,
            "<div class=\"muted\">{} findings: {} critical, {} high, {} medium, {} low · {} suppressed · mode: {}</div></span></div>",
            r.findings().len(),
            c[0],
            c[1],
            c[2],
            c[3],
            r.suppressed().len(),
            esc(&r.mode)
        )?;
        if let Some(cmp) = &r.comparison {
            writeln!(
                out,
                "<div class=\"card\">Against the baseline: <b>{}</b> new, {} existing, {} resolved.</div>",
                cmp.new,
                cmp.existing,
                cmp.resolved.len()
            )?;
        }

        writeln!(
            out,
            "<h2>Scores by category</h2><div class=\"card\">{}</div>",
            chart(r)
        )?;

        writeln!(out, "<h2>Roadmap</h2>")?;
        for (sev, items) in &r.roadmap {
            writeln!(
                out,
                "<div class=\"card\"><b>{} — {}</b> <span class=\"muted\">({} h)</span>",
                sev.tier(),
                sev.id(),
                hours(r.tier_effort(*sev))
            )?;
            if items.is_empty() {
                writeln!(out, "<div class=\"muted\">Nothing.</div>")?;
            } else {
                writeln!(out, "<ul>")?;
                for i in items {
                    writeln!(
                        out,
                        "<li><code>{}</code> {} — {} finding{}, {} h</li>",
                        esc(i.rule.id),
                        esc(i.rule.summary),
                        i.findings,
                        if i.findings == 1 { "" } else { "s" },
                        hours(i.effort_hours)
                    )?;
                }
                writeln!(out, "</ul>")?;
            }
            writeln!(out, "</div>")?;
        }
        writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            EFFORT_ASSUMPTIONS
                .iter()
                .map(|a| esc(a))
                .collect::<Vec<_>>()
                .join(" ")
        )?;

        writeln!(out, "<h2>Checklist</h2><ul class=\"check\">")?;
        for item in &r.checklist {
            if item.findings == 0 {
                writeln!(
                    out,
                    "<li class=\"ok\">☑ <code>{}</code> {}</li>",
                    esc(item.rule.id),
                    esc(item.rule.summary)
                )?;
            } else {
                writeln!(
                    out,
                    "<li class=\"fail\">☐ <code>{}</code> {} ({} findings)</li>",
                    esc(item.rule.id),
                    esc(item.rule.summary),
                    item.findings
                )?;
            }
        }
        writeln!(out, "</ul>")?;

        findings_table(r, out)?;

        if !r.suppressed().is_empty() {
            writeln!(
                out,
                "<h2>Suppressed findings</h2><table><thead><tr><th>Rule</th><th>Location</th><th>Reason</th></tr></thead><tbody>"
            )?;
            for s in r.suppressed() {
                let loc = location(&s.finding.path, s.finding.line);
                writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                    esc(&s.finding.rule),
                    esc(&loc),
                    esc(&s.reason)
                )?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        if !r.skipped().is_empty() {
            writeln!(out, "<h2>Files not audited</h2><ul>")?;
            for s in r.skipped() {
                writeln!(
                    out,
                    "<li><code>{}</code>: {}</li>",
                    esc(&s.path),
                    esc(&s.reason)
                )?;
            }
            writeln!(out, "</ul>")?;
        }
        let st = r.stats();
        writeln!(
            out,
            "<p class=\"muted\">Audited {} files, {} lines in {} ms by readiness {}.</p></main><script>{SCRIPT}</script></body></html>",
            st.files,
            st.lines,
            st.duration_ms,
            env!("CARGO_PKG_VERSION")
        )
    }
}

fn location(path: &Option<String>, line: Option<u32>) -> String {
    match (path, line) {
        (Some(p), Some(l)) => format!("{p}:{l}"),
        (Some(p), None) => p.clone(),
        _ => "(project)".into(),
    }
}

/// Horizontal bars, one per category; not-assessed categories are shown as such.
fn chart(r: &Report<'_>) -> String {
    let row_h = 24;
    let height = r.score.categories.len() * row_h + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 760 {height}\" role=\"img\" aria-label=\"Category scores\">"
    );
    for (i, c) in r.score.categories.iter().enumerate() {
        let y = i * row_h + 5;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"#1d2330\">{}</text>",
            y + 16,
            esc(c.category.title())
        ));
        svg.push_str(&format!(
            "<rect x=\"190\" y=\"{}\" width=\"500\" height=\"16\" rx=\"3\" fill=\"#e6e9ee\"/>",
            y + 4
        ));
        match c.score {
            Some(s) => {
                let w = (s / 100.0 * 500.0).round();
                let color = if s >= 80.0 {
                    "#1f8a4c"
                } else if s >= 60.0 {
                    "#c9a227"
                } else {
                    "#c23030"
                };
                svg.push_str(&format!("<rect x=\"190\" y=\"{}\" width=\"{w}\" height=\"16\" rx=\"3\" fill=\"{color}\"/>", y + 4));
                svg.push_str(&format!(
                    "<text x=\"700\" y=\"{}\" font-size=\"13\" fill=\"#1d2330\">{s:.1}</text>",
                    y + 16
                ));
            }
            None => svg.push_str(&format!(
                "<text x=\"700\" y=\"{}\" font-size=\"13\" fill=\"#5c6675\">n/a</text>",
                y + 16
            )),
        }
    }
    svg.push_str("</svg>");
    svg
}

fn findings_table(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings = r.worst_findings();
    writeln!(
        out,
        "<h2>Findings (<span id=\"shown\">{}</span> shown)</h2>",
        findings.len()
    )?;
    let mut categories: Vec<&str> = findings.iter().map(|f| f.category.id()).collect();
    categories.sort();
    categories.dedup();
    let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    rules.sort();
    rules.dedup();
    let options = |values: &[&str]| -> String {
        values
            .iter()
            .map(|v| format!("<option value=\"{0}\">{0}</option>", esc(v)))
            .collect()
    };
    writeln!(
        out,
        "<div class=\"filters\">Category <select id=\"f-category\"><option value=\"\">all</option>{}</select> Severity <select id=\"f-severity\"><option value=\"\">all</option>{}</select> Rule <select id=\"f-rule\"><option value=\"\">all</option>{}</select></div>",
        options(&categories),
        options(&["critical", "high", "medium", "low"]),
        options(&rules)
    )?;
    writeln!(
        out,
        "<table id=\"findings\"><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Finding</th></tr></thead><tbody>"
    )?;
    for f in findings {
        let status = match f.status {
            Some(crate::findings::Status::New) => " <b>new</b>",
            _ => "",
        };
        write!(
            out,
            "<tr data-category=\"{}\" data-severity=\"{}\" data-rule=\"{}\"><td><span class=\"sev {}\">{}</span>{status}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}",
            esc(f.category.id()),
            f.severity.id(),
            esc(&f.rule),
            f.severity.id(),
            f.severity.id(),
            esc(&f.rule),
            esc(&location(&f.path, f.line)),
            esc(&f.message)
        )?;
        if let Some(s) = &f.snippet {
            write!(out, "<pre>{}</pre>", esc(s))?;
        }
        writeln!(out, "</td></tr>")?;
    }
    writeln!(out, "</tbody></table>")
}

use super::string_flow::{Flow, Source, callee_name};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::call_arguments;
use crate::rules::{FileContext, Rule};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// SQL text built by interpolating or concatenating a non-literal value — Rust `format!`,
    /// Go `fmt.Sprintf` and `+`, Python f-strings, `%`, `.format()` and `+`, JS/TS template
    /// literals and `+` — that reaches a query call (`query`, `execute`, `exec`, `prepare`,
    /// `raw`, `sql_query`, `QueryRow`, `$queryRawUnsafe`…), either directly as an argument or
    /// through a local variable assigned the built string in the same function (`+=` appends
    /// included). The text must look like SQL (`SELECT … FROM`, `INSERT INTO`, `UPDATE … SET`,
    /// `DELETE FROM`, case-insensitive). The finding points where the string is built, not at
    /// the query call.
    ///
    /// ## Why it matters
    /// A value spliced into SQL text is parsed as SQL: a name like `x' OR '1'='1` or
    /// `1; DROP TABLE users` changes the query. SQL injection still leads to full database reads,
    /// authentication bypass and data destruction, and it is trivial to exploit once found.
    ///
    /// ## How to fix
    /// Keep the SQL text constant and pass values as bound parameters (`$1`/`?`/`%s` with a
    /// parameter list, `sqlx::query(...).bind(x)`, `db.Query(q, id)`, `cursor.execute(q, (id,))`,
    /// `db.query(text, [id])`). Identifiers (table, column, sort order) cannot be bound: pick
    /// them from a fixed allow-list.
    ///
    /// ## Example
    /// ```python
    /// cursor.execute(f"SELECT * FROM users WHERE email = '{email}'")
    /// ```
    /// Use instead:
    /// ```python
    /// cursor.execute("SELECT * FROM users WHERE email = %s", (email,))
    /// ```
    ///
    /// ## Does not flag
    /// Bound parameters; interpolated constants (ALL_CAPS names, literals, variables bound to a
    /// literal, `"ASC" if asc else "DESC"`); numbers (numeric parameters such as `limit: usize` or
    /// `n int`, `%d`, `len(ids)`, `int(x)`, `n - 1`, Python's `size + 1`); generated placeholders (`$1` from
    /// `format!("${}", i)`, `f"${i}"`, `?{}`, `:p{}`, a `placeholders` list of `?`/`%s`);
    /// quoted values (`quote_ident(x)`, `conn.escape(x)`, joins of quoted names, a function of the
    /// file that escapes or doubles quotes: `identifier(s)` returning `'"' + s.replace('"', '""') + '"'`);
    /// values bound by a query builder that returns their placeholder (`scope.AddToVars(v)`,
    /// `bindParam(v)`, `driver.createParameter(name, i)`); clauses
    /// assembled from safe pieces (`conditions.append("name = %s")` then
    /// `" AND ".join(conditions)`, Go `conds = append(conds, fmt.Sprintf("a = $%d", len(args)))`);
    /// loop variables over a constant list (`for table in TABLES:`); names filtered to letters,
    /// digits and `_` (`re.sub('[^A-Za-z0-9_]', '', prefix)`), also through a Python `self.`
    /// attribute whose every assignment in the file is safe (`self.table_task = prefix +
    /// '_task'`); process ids (`child.pid`);
    /// Django table names (`Model._meta.db_table`); statements composed from SQL fragments
    /// (`f"select count(*) from ({sql})"`, a `where_clause`, the `clause` of
    /// `clause, args = make_in_list_sql_clause(…)`, `" AND ".join(clauses)`) when the call passes bound
    /// parameters after the statement; psycopg composition (`sql.SQL("…{t}").format(t=
    /// sql.Identifier(name))`); tagged templates (sql`…${id}`);
    /// SQL-looking text passed to logging or printing, or to anything that is not a query call;
    /// comments, strings, and test code. Identifiers validated against a fixed list elsewhere
    /// are out of scope: they are flagged, and a value named as a table, column or sequence gets
    /// advice that fits it (a placeholder cannot carry an identifier: check it or quote it).
    pub struct SqlStringBuilding {
        id: "sql-string-building",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 1.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::Python,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
        ],
        summary: "SQL built by string interpolation reaches a query call",
        literals: &[
            "SELECT", "select", "Select", "INSERT", "insert", "Insert", "UPDATE", "update",
            "Update", "DELETE", "delete", "Delete",
        ],
    }
}

static SQL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?is)\bselect\b.+?\bfrom\b|\binsert\s+(?:or\s+\w+\s+|ignore\s+)?into\b|\bupdate\b\s+\S+\s+set\b|\bdelete\s+from\b|\breplace\s+into\b|\bmerge\s+into\b",
    )
    .ok()
});

/// Whether text looks like a SQL statement.
fn looks_like_sql(text: &str) -> bool {
    SQL.as_ref().is_some_and(|re| re.is_match(text))
}

/// Query-running calls, compared lower-cased without `_` and a leading `$`.
fn is_query_call(name: &str, language: Language) -> bool {
    let n: String = name
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    let common = matches!(
        n.as_str(),
        "query"
            | "queryrow"
            | "queryrowcontext"
            | "querycontext"
            | "queryx"
            | "queryrowx"
            | "queryone"
            | "queryopt"
            | "queryscalar"
            | "queryas"
            | "queryraw"
            | "exec"
            | "execcontext"
            | "mustexec"
            | "mustexeccontext"
            | "execute"
            | "executemany"
            | "executescript"
            | "executesql"
            | "execdriversql"
            | "executeraw"
            | "prepare"
            | "preparecontext"
            | "preparex"
            | "preparecached"
            | "preparenamed"
            | "raw"
            | "rawquery"
            | "sqlquery"
            | "batchexecute"
            | "simplequery"
            | "fetch"
            | "fetchrow"
            | "fetchval"
            | "readsql"
            | "readsqlquery"
            | "queryrawunsafe"
            | "executerawunsafe"
            | "unsafe"
            | "execsync"
            | "execasync"
            | "sql"
            | "scalar"
    );
    // Go's sqlx `db.Select(&dest, q)` / `db.Get(&dest, q)`.
    common || (language == Language::Go && matches!(n.as_str(), "select" | "get"))
}

impl Rule for SqlStringBuilding {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        // Built at the first query call: most files have none.
        let mut flow = None;
        let mut reported: HashSet<usize> = HashSet::new();
        for (call, kind) in ctx.nodes_with_kinds() {
            if !matches!(kind, "call_expression" | "call") {
                continue;
            }
            let Some(callee) = callee_name(ctx, call) else {
                continue;
            };
            if !is_query_call(callee, ctx.language) || !ctx.is_production_code(call) {
                continue;
            }
            let flow = flow.get_or_insert_with(|| Flow::new(ctx));
            let args = call_arguments(call);
            for (i, &arg) in args.iter().enumerate() {
                // Arguments after the statement: its bound parameters.
                let parameterised = i + 1 < args.len();
                for part in query_arguments(ctx, arg) {
                    let query = QueryArgument {
                        callee,
                        node: part,
                        parameterised,
                    };
                    check_argument(ctx, flow, &query, &mut reported, out);
                }
            }
        }
    }
}

/// The SQL-carrying parts of an argument: the argument itself; for keyword arguments the value
/// of one named like SQL (`sql=`, `query=`); for JS option objects the `text`/`sql`/`query`
/// property (`pool.query({ text, values })`).
fn query_arguments<'a>(ctx: &FileContext<'a>, arg: Node<'a>) -> Vec<Node<'a>> {
    let sql_name = |n: &str| {
        matches!(
            n,
            "sql" | "query" | "statement" | "stmt" | "operation" | "text"
        )
    };
    match arg.kind() {
        "keyword_argument" => arg
            .field("name")
            .filter(|n| sql_name(ctx.text_of(*n)))
            .and_then(|_| arg.field("value"))
            .into_iter()
            .collect(),
        "object" => {
            let mut cursor = arg.walk();
            arg.named_children(&mut cursor)
                .filter(|p| p.kind() == "pair")
                .filter(|p| {
                    p.field("key")
                        .is_some_and(|k| sql_name(ctx.text_of(k).trim_matches(['"', '\''])))
                })
                .filter_map(|p| p.field("value"))
                .collect()
        }
        _ => vec![arg],
    }
}

/// The SQL-carrying argument of a query call.
struct QueryArgument<'q, 'a> {
    callee: &'q str,
    node: Node<'a>,
    /// Parameters are passed after it: its values are bound.
    parameterised: bool,
}

/// A name that holds SQL text rather than a value: `sql`, `facet_sql`, `sql_where`,
/// `subquery`, `where_clause`, `clause` (`clause, args = make_in_list_sql_clause(…)`), a
/// `…_cte`. Interpolating it composes a statement from statements (`f"select count(*) from
/// ({sql})"`), whose values travel as the call's bound parameters.
fn is_sql_fragment_name(text: &str) -> bool {
    // `" AND ".join(clauses)`: the list holds fragments.
    let name = value_name(text).to_ascii_lowercase();
    matches!(
        name.as_str(),
        "sql" | "subquery" | "clause" | "clauses" | "cte" | "fragment"
    ) || name.ends_with("_sql")
        || name.starts_with("sql_")
        || name.ends_with("_subquery")
        || name.ends_with("_clause")
        || name.ends_with("_clauses")
        || name.ends_with("_cte")
        || name.ends_with("_fragment")
}

/// psycopg's composition API (`sql.SQL("INSERT INTO {t}").format(t=sql.Identifier(name))`):
/// it quotes identifiers and literals itself.
fn is_psycopg_composition(ctx: &FileContext<'_>, built: Node<'_>) -> bool {
    ctx.language == Language::Python && {
        let text = ctx.text_of(built);
        text.starts_with("sql.SQL(")
            || text.starts_with("psycopg.sql.SQL(")
            || text.starts_with("psycopg2.sql.SQL(")
    }
}

fn check_argument<'a>(
    ctx: &FileContext<'a>,
    flow: &Flow<'_, 'a>,
    query: &QueryArgument<'_, 'a>,
    reported: &mut HashSet<usize>,
    out: &mut Vec<Finding>,
) {
    let callee = query.callee;
    let sources = flow.sources(query.node);
    let mut text = String::new();
    for s in &sources {
        match s {
            Source::Built(b) => text.push_str(&b.literal),
            Source::Literal(l) => text.push_str(l),
            _ => {}
        }
        text.push(' ');
    }
    if !looks_like_sql(&text) {
        return;
    }
    for s in sources {
        match s {
            Source::Built(b) => {
                if is_psycopg_composition(ctx, b.node) {
                    continue;
                }
                let Some(bad) = b.values.iter().find(|v| {
                    flow.is_unsafe(v, true)
                        && !(query.parameterised && is_sql_fragment_name(&v.text))
                }) else {
                    continue;
                };
                if !ctx.is_production_code(b.node) || !reported.insert(b.node.start_byte()) {
                    continue;
                }
                let advice = if names_an_identifier(&bad.text) {
                    "an identifier cannot be bound: check it against a fixed list or quote it"
                } else {
                    "pass it as a bound parameter"
                };
                let mut finding = ctx.finding(
                    &SqlStringBuilding::META,
                    b.node,
                    format!(
                        "SQL built with {} from `{}` reaches `{callee}`: {advice}",
                        b.how,
                        short(&bad.text)
                    ),
                );
                finding.end_line = finding.line;
                out.push(finding);
            }
            Source::Appended { at, value } => {
                if flow.is_safe_node(value, true) {
                    continue;
                }
                if !ctx.is_production_code(at) || !reported.insert(at.start_byte()) {
                    continue;
                }
                let mut finding = ctx.finding(
                    &SqlStringBuilding::META,
                    at,
                    format!(
                        "SQL text extended with `{}` reaches `{callee}`: pass it as a bound parameter",
                        short(ctx.text_of(value))
                    ),
                );
                finding.end_line = finding.line;
                out.push(finding);
            }
            Source::Literal(_) | Source::Opaque => {}
        }
    }
}

/// A value named as a table, column or sequence (`table`, `id_column`, `", ".join(retcols)`,
/// `self._sequence_name`): SQL identifiers, which placeholders cannot carry.
fn names_an_identifier(text: &str) -> bool {
    let name = crate::secrets::normalise_name(value_name(text));
    let name = name.trim_matches('_');
    ["table", "column", "col", "retcol", "sequence", "index"]
        .iter()
        .any(|w| {
            name == *w
                || name == format!("{w}s")
                || name.ends_with(&format!("_{w}"))
                || name.ends_with(&format!("_{w}s"))
                || name.starts_with(&format!("{w}_"))
        })
}

/// The name an interpolated value goes by: the last segment of `self._sequence_name`, or of
/// the list a `sep.join(list)` joins.
fn value_name(text: &str) -> &str {
    let inner = text
        .split_once(".join(")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(text);
    inner.rsplit('.').next().unwrap_or(inner)
}

fn short(text: &str) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_shapes() {
        assert!(looks_like_sql("SELECT * FROM users WHERE id = ?"));
        assert!(looks_like_sql("insert into t (a) values (?)"));
        assert!(looks_like_sql("UPDATE users SET name = ?"));
        assert!(looks_like_sql("DELETE FROM sessions"));
        assert!(!looks_like_sql("update the cache"));
        assert!(!looks_like_sql("deleted 3 rows"));
    }

    #[test]
    fn identifiers_get_advice_a_placeholder_cannot_follow() {
        use crate::rules::context::snippet_findings;
        let code = "def f(cur, table, name):\n    cur.execute(\"SELECT * FROM %s WHERE a = ?\" % table, (1,))\n    cur.execute(\"SELECT * FROM t WHERE a = '%s'\" % name)\n";
        let messages: Vec<String> = snippet_findings(&SqlStringBuilding, Language::Python, code)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].ends_with(
                "an identifier cannot be bound: check it against a fixed list or quote it"
            )
        );
        assert!(messages[1].ends_with("pass it as a bound parameter"));
        assert!(names_an_identifier("\", \".join(retcols)"));
        assert!(names_an_identifier("self._sequence_name"));
        assert!(names_an_identifier("this.tableName"));
        assert!(!names_an_identifier("user_name"));
        assert!(!names_an_identifier("tablespace_owner"));
    }
}

use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::{FileContext, Rule};
use crate::secrets::normalise_name;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Database queries run once per iteration of a loop over a collection (the N+1 pattern):
    /// Rust `.query(`/`.query_one(`/`.execute(`/`.fetch_one(`/`.fetch_all(` on a database
    /// handle and `sqlx::query…(…).fetch*/execute(…)`; Go `Query`/`QueryRow`/`Exec` (and their
    /// `Context` forms), sqlx `Get`/`Select` and gorm `First`/`Find`/`Take` on a database
    /// handle; JavaScript `query`/`execute`/`findUnique`/`findFirst`/`findOne`/`findByPk`/…
    /// and `knex(…)`; Python `cursor.execute(`, `session.query(`/`.execute(`/`.get(`,
    /// `.objects.get(`/`.objects.filter(`/`.objects.get_or_create(`/`.objects.update_or_create(`
    /// (a read and a write per item; a plain `.objects.create(` per item is not flagged:
    /// `bulk_create` skips `save()` and signals). The receiver must look like a database handle (a
    /// name with db, conn, pool, tx, cursor, session, prisma, repo…; `client` only for
    /// `query`-style methods) or be a Django manager (`.objects`). The finding is at the call.
    ///
    /// ## Why it matters
    /// One query per item turns a page of 100 rows into 101 round trips: latency grows with the
    /// data, the connection pool drains under load, and the database does 100 times the work.
    ///
    /// ## How to fix
    /// Fetch everything in one query (`WHERE id = ANY($1)`, `IN (…)`, a join,
    /// `select_related`/`prefetch_related`, `include`), or batch the writes
    /// (`executemany`, bulk insert, `COPY`).
    ///
    /// ## Example
    /// ```go
    /// for _, id := range ids {
    ///     row := db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id)
    /// }
    /// ```
    /// Use instead:
    /// ```go
    /// rows, err := db.QueryContext(ctx, "SELECT id, name FROM users WHERE id = ANY($1)", pq.Array(ids))
    /// ```
    ///
    /// ## Does not flag
    /// Queries in loops over a collection written in the code (`for table in ("runs", "tags")`,
    /// a `TABLES` constant), over batches (`for ids in chunked(all, 500)`) or over migrations
    /// (`for (const migration of migrations)`: applied and recorded one by one), queries before or
    /// after the loop or in its header, queries inside closures or functions
    /// defined in the loop (run elsewhere), polling and retry loops (`loop {}`, `for {}`,
    /// `while True:`), look-alike calls on non-database receivers (`cmd.execute()`,
    /// `client.Get(url)`, `re.execute`, a key-value `txn.Get(key)`), querysets combined without
    /// running them (`pages |= Page.objects.filter(…)`), a SQL builder's
    /// `query, args := b.Query()` that only renders text, connection and schema
    /// statements run per item by design (`PRAGMA`, `SET`, `ATTACH`, `USE`, `SAVEPOINT`, `CREATE`,
    /// `ALTER`, `DROP`, Postgres `LISTEN`/`UNLISTEN`/`NOTIFY`, also inside psycopg's
    /// `SQL("…").format(…)` or SQLAlchemy's `text("…")`), `executemany`, calls whose statement is the loop's
    /// element (`for stmt in migration.statements: tx.execute(sql.raw(stmt))`: a script run in
    /// order), calls interpolated into a query being built (`` sql`${sql.raw(kind)} join …` ``),
    /// Django subqueries correlated with the outer query (`filter(order=OuterRef("pk"))`, lazy
    /// until folded into one `Exists(…)`) and filters keyed only by the group's keys
    /// (`filter(pk__in=[x.pk for x in group]).delete()`), calls given an argument vector
    /// (`repository.execute(["cherry-pick", sha])`), migration files (Django
    /// `migrations/0042_….py`, Alembic `versions/`: run once per deployment), calls in
    /// comments or strings, and test code.
    pub struct QueryInLoop {
        id: "query-in-loop",
        category: Category::Performance,
        severity: Severity::Medium,
        effort_hours: 1.0,
        languages: &Language::CODE,
        summary: "database query inside a loop (N+1 queries)",
        since: "2026.2",
        literals: &[
            "query", "Query", "execute", "fetch_", "Exec", "Get(", "Select(", "First(", "Find(",
            "Take(", "findUnique", "findFirst", "findMany", "findOne", "findByPk", "findAll",
            "findById", "knex(", ".objects.", ".get(",
        ],
    }
}

const STRONG_WORDS: &[&str] = &[
    "db",
    "database",
    "conn",
    "connection",
    "pool",
    "tx",
    "txn",
    "transaction",
    "cursor",
    "cur",
    "session",
    "prisma",
    "repo",
    "repository",
    "sql",
    "pg",
    "knex",
    "sqlx",
    "orm",
];

/// Whether a receiver expression names a database handle; `weak` also accepts `client`.
fn db_receiver(receiver: &str, weak: bool) -> bool {
    receiver
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|s| !s.is_empty())
        .flat_map(|seg| {
            normalise_name(seg)
                .split('_')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .any(|w| {
            STRONG_WORDS.contains(&w.as_str())
                || (w.len() > 2 && (w.starts_with("db") || w.ends_with("db")))
                || (weak && w == "client")
        })
}

fn method_is_query(language: Language, method: &str) -> (bool, bool) {
    // (strong receiver needed, `client` accepted)
    match language {
        Language::Rust => match method {
            "query" | "query_one" | "query_opt" | "query_row" | "query_raw" => (true, true),
            "execute" => (true, true),
            "fetch_one" | "fetch_all" | "fetch_optional" => (true, false),
            _ => (false, false),
        },
        Language::Go => match method {
            "Query" | "QueryRow" | "QueryContext" | "QueryRowContext" | "Exec" | "ExecContext"
            | "Get" | "Select" | "GetContext" | "SelectContext" | "First" | "Find" | "Take" => {
                (true, false)
            }
            _ => (false, false),
        },
        Language::Python => match method {
            "execute" | "query" | "scalars" | "scalar" => (true, false),
            "get" => (true, false),
            _ => (false, false),
        },
        _ => match method {
            "query" => (true, true),
            "execute" | "findUnique" | "findUniqueOrThrow" | "findFirst" | "findFirstOrThrow"
            | "findMany" | "findOne" | "findOneBy" | "findByPk" | "findAll" | "findById"
            | "raw" => (true, false),
            _ => (false, false),
        },
    }
}

/// Member access parts of a callee: (receiver, method name).
fn split_callee<'a>(ctx: &FileContext<'a>, callee: Node<'a>) -> Option<(Node<'a>, &'a str)> {
    let (obj, field) = match callee.kind() {
        "field_expression" => ("value", "field"),
        "selector_expression" => ("operand", "field"),
        "member_expression" => ("object", "property"),
        "attribute" => ("object", "attribute"),
        _ => return None,
    };
    Some((callee.field(obj)?, ctx.text_of(callee.field(field)?)))
}

/// `sqlx::query(…)`, `query_as(…)`, `sqlx::query!(…)` at the root of a Rust method chain.
fn rooted_in_sqlx_query(ctx: &FileContext<'_>, mut node: Node<'_>) -> bool {
    loop {
        match node.kind() {
            "call_expression" => {
                let Some(f) = node.field("function") else {
                    return false;
                };
                if f.kind() == "field_expression" {
                    match f.field("value") {
                        Some(v) => node = v,
                        None => return false,
                    }
                } else {
                    let name = ctx.text_of(f);
                    let last = name.rsplit("::").next().unwrap_or(name);
                    let last = last.split('<').next().unwrap_or(last);
                    return last.starts_with("query");
                }
            }
            "macro_invocation" => {
                let name = node.field("macro").map(|m| ctx.text_of(m)).unwrap_or("");
                return name
                    .rsplit("::")
                    .next()
                    .is_some_and(|n| n.starts_with("query"));
            }
            _ => return false,
        }
    }
}

impl QueryInLoop {
    /// What the call is, when it is a database query: a short name for the message.
    fn query_call<'a>(&self, ctx: &FileContext<'a>, call: Node<'a>) -> Option<String> {
        let callee = call.field("function")?;
        if callee.kind() == "identifier" {
            return (ctx.language.is_js_family() && ctx.text_of(callee) == "knex")
                .then(|| "knex(…)".to_string());
        }
        let (receiver, method) = split_callee(ctx, callee)?;
        let receiver_text = ctx.text_of(receiver);
        if ctx.language == Language::Rust
            && matches!(
                method,
                "fetch_one" | "fetch_all" | "fetch_optional" | "fetch" | "execute"
            )
            && rooted_in_sqlx_query(ctx, receiver)
        {
            return Some(format!("sqlx query `.{method}`"));
        }
        if ctx.language == Language::Python
            // `get_or_create`/`update_or_create` read then write: two queries per item. A plain
            // `create` per item is often meant (`bulk_create` skips `save()` and signals).
            && matches!(
                method,
                "get" | "filter" | "get_or_create" | "update_or_create"
            )
            && receiver_text.ends_with(".objects")
        {
            return Some(format!("{receiver_text}.{method}"));
        }
        let (is_query, client_ok) = method_is_query(ctx.language, method);
        if !is_query || sends_setup_statement(ctx, call) {
            return None;
        }
        // `query, args := b.Query()`: a SQL builder rendering its text and arguments (ent). A
        // builder bound to a connection runs it (squirrel's `rows, err := q.Query()`).
        if ctx.language == Language::Go
            && method == "Query"
            && call
                .field("arguments")
                .is_none_or(|a| a.named_child_count() == 0)
            && renders_text_and_args(ctx, call)
        {
            return None;
        }
        // sqlx's `Get`/`Select` take `(dest, query, args…)`; a one-argument `Get` is a
        // key-value lookup (`txn.Get(key)`).
        if ctx.language == Language::Go
            && matches!(method, "Get" | "Select")
            && call
                .field("arguments")
                .is_none_or(|a| a.named_child_count() < 2)
        {
            return None;
        }
        if ctx.language == Language::Python && method == "get" && !receiver_text.contains("session")
        {
            return None;
        }
        let mut ok = db_receiver(receiver_text, client_ok);
        if ok
            && ctx.language == Language::Rust
            && method == "execute"
            && !db_receiver(receiver_text, false)
        {
            // `client.execute(request)` is reqwest; tokio-postgres takes a statement and params.
            ok = call
                .field("arguments")
                .is_some_and(|a| a.named_child_count() >= 2);
        }
        let shown: String = receiver_text.split_whitespace().collect();
        ok.then(|| format!("{shown}.{method}"))
    }
}

/// The call's results are bound as rendered SQL: `query, args := …` (the second name holds the
/// arguments).
fn renders_text_and_args(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let Some(binding) = call
        .parent()
        .filter(|p| p.kind() == "expression_list")
        .and_then(|l| l.parent())
        .filter(|p| matches!(p.kind(), "short_var_declaration" | "assignment_statement"))
    else {
        return false;
    };
    let names: Vec<&str> = crate::rules::util::go_list_items(binding.field("left"))
        .into_iter()
        .map(|n| ctx.text_of(n))
        .collect();
    names.len() == 2
        && matches!(
            names[1],
            "args" | "params" | "arguments" | "vals" | "values"
        )
}

/// The statement sent configures the connection or the schema (`PRAGMA`, `SET`, `ATTACH`, `USE`,
/// `SAVEPOINT`, DDL): run once per item by design, and not a read that could be batched.
fn sends_setup_statement(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let Some(first) = crate::rules::util::call_arguments(call).first().copied() else {
        return false;
    };
    // psycopg's `SQL("LISTEN {c}").format(c=Identifier(c))`, SQLAlchemy's `text("SET …")`.
    let mut first = first;
    for _ in 0..4 {
        if first.kind() != "call" {
            break;
        }
        let Some(function) = first.field("function") else {
            break;
        };
        let name = ctx.text_of(function);
        if name.ends_with(".format") {
            match function.field("object") {
                Some(object) => first = object,
                None => break,
            }
        } else if matches!(
            name,
            "SQL" | "sql.SQL" | "text" | "sa.text" | "sqlalchemy.text"
        ) {
            match crate::rules::util::call_arguments(first).first() {
                Some(a) => first = *a,
                None => break,
            }
        } else {
            break;
        }
    }
    // `"PRAGMA %s = %s" % (k, v)`, `"SET " + x`
    let first = match first.kind() {
        "binary_operator" | "binary_expression" => first.field("left").unwrap_or(first),
        _ => first,
    };
    if !crate::rules::util::is_string_kind(first.kind()) {
        return false;
    }
    // The contents: after a Python prefix (`f`, `rb`…) and the opening quotes.
    let raw = ctx.text_of(first);
    let quote = raw.find(['`', '\'', '"']).unwrap_or(0);
    let text = raw
        .get(quote..)
        .unwrap_or("")
        .trim_start_matches(['`', '\'', '"'])
        .trim_start()
        .to_ascii_uppercase();
    [
        "PRAGMA ",
        "ATTACH ",
        "DETACH ",
        "SET ",
        "USE ",
        "LOAD ",
        "SAVEPOINT ",
        "RELEASE ",
        "ALTER ",
        "CREATE ",
        "DROP ",
        // Postgres notifications: one channel per statement, no batched form.
        "LISTEN ",
        "UNLISTEN ",
        "NOTIFY ",
    ]
    .iter()
    .any(|k| text.starts_with(k))
}

/// A schema or data migration (Django `app/migrations/0042_backfill.py`, Alembic
/// `versions/…py`): it runs once per deployment, not per request.
fn is_migration_file(rel_path: &str) -> bool {
    let mut parts: Vec<&str> = rel_path.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let numbered = name.len() > 4 && name.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    name.ends_with(".py")
        && ((parts.last() == Some(&"migrations") && numbered)
            || parts.windows(2).any(|w| {
                matches!(w[0], "alembic" | "migrations" | "migration") && w[1] == "versions"
            }))
}

/// A Django `.objects.filter(…)` that sends no query per item: a lazy subquery correlated with
/// the outer query (`filter(order=OuterRef("pk"))`, folded into one `Exists(…)`), or one query
/// per group that takes the group's keys at once (`filter(pk__in=[x.pk for x in group])`).
fn is_lazy_or_batched_django_filter(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    if ctx.language != Language::Python {
        return false;
    }
    // `pages |= Page.objects.filter(…)`: querysets combined into one, run once after the loop.
    if let Some(assign) = call.parent().filter(|p| p.kind() == "augmented_assignment")
        && assign.field("right").is_some_and(|r| r.id() == call.id())
        && assign
            .field("operator")
            .is_some_and(|o| matches!(ctx.text_of(o), "|=" | "&="))
        && call
            .field("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.field("attribute"))
            .is_some_and(|m| matches!(ctx.text_of(m), "filter" | "exclude" | "all"))
    {
        return true;
    }
    let mut node = Some(call);
    // The filter itself may be the receiver of `.update(…)`/`.delete()`.
    while let Some(n) = node {
        if n.kind() == "call"
            && let Some(f) = n.field("function")
            && f.kind() == "attribute"
            && matches!(
                ctx.text_of(f).rsplit('.').next(),
                Some("filter" | "exclude")
            )
        {
            let args = crate::rules::util::call_arguments(n);
            for &arg in &args {
                if ctx.text_of(arg).contains("OuterRef(") {
                    return true;
                }
                // Only the keys: `filter(user=user, pk__in=ids)` is still one query per user.
                if args.len() == 1
                    && arg.kind() == "keyword_argument"
                    && arg
                        .field("name")
                        .is_some_and(|k| ctx.text_of(k).ends_with("__in"))
                    && arg.field("value").is_some_and(|v| {
                        matches!(
                            v.kind(),
                            "list_comprehension"
                                | "set_comprehension"
                                | "generator_expression"
                                | "identifier"
                        )
                    })
                {
                    return true;
                }
            }
        }
        node = n
            .field("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.field("object"));
    }
    false
}

/// `repository.execute(["cherry-pick", sha])`: a command's argument vector, not a statement.
fn passes_argv(call: Node<'_>) -> bool {
    crate::rules::util::call_arguments(call)
        .first()
        .is_some_and(|a| matches!(a.kind(), "list" | "array"))
}

/// The loop runs over a collection written in the code (`for table in ("runs", "tags")`, a
/// `TABLES` constant): the number of queries is fixed, not data-driven. Or over batches
/// (`for ids in chunk_list(all, 500)`): the usual fix for N+1, not an instance of it. Or over
/// migrations (`for (const migration of migrations)`), applied one by one by design.
fn fixed_or_batched(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let Some((_, iterable)) = crate::rules::util::for_each_parts(ctx, node) else {
        return false;
    };
    let text = ctx.text_of(iterable);
    let literal = matches!(
        iterable.kind(),
        "list" | "tuple" | "set" | "array" | "array_expression" | "composite_literal"
    );
    let constant = iterable.kind() == "identifier"
        && text.len() > 1
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let lower = text.to_ascii_lowercase();
    let batched = lower.contains("chunk") || lower.contains("batch");
    // A migration runner applies and records one migration at a time, in order, once per
    // deployment: sequential by design, not a data-driven N+1.
    let migrations = lower.contains("migration");
    literal || constant || batched || migrations
}

/// An iteration loop over a collection (not a polling or retry loop), with its body.
fn iteration_body<'a>(ctx: &FileContext<'a>, node: Node<'a>) -> Option<Node<'a>> {
    let body = node.field("body");
    match (ctx.language, node.kind()) {
        (Language::Rust, "for_expression") => body,
        (Language::Rust, "while_expression") => {
            let cond = node.field("condition").map(|c| ctx.text_of(c))?;
            (cond.contains(".next()") || cond.contains("try_next()")).then_some(body?)
        }
        (Language::Go, "for_statement") => {
            let mut c = node.walk();
            let iterates = node.named_children(&mut c).any(|ch| {
                matches!(ch.kind(), "range_clause" | "for_clause")
                    || ctx.text_of(ch).trim_end().ends_with(".Next()")
            });
            iterates.then_some(body?)
        }
        (Language::Python, "for_statement") => body,
        (l, "for_statement" | "for_in_statement") if l.is_js_family() => body,
        _ => None,
    }
}

/// Names bound by a loop (its variables); `None` when the loop binds nothing it can be
/// matched on (`for rows.Next()`), in which case any query counts.
fn loop_variables<'a>(ctx: &FileContext<'a>, node: Node<'a>) -> Option<Vec<&'a str>> {
    let binder = match node.kind() {
        "for_expression" => node.field("pattern"),
        "while_expression" => node.field("condition"),
        "for_in_statement" => node.field("left"),
        "for_statement" if ctx.language == Language::Python => node.field("left"),
        "for_statement" if ctx.language.is_js_family() => node.field("initializer"),
        "for_statement" => {
            let mut c = node.walk();
            let clause = node
                .named_children(&mut c)
                .find(|ch| matches!(ch.kind(), "range_clause" | "for_clause"));
            match clause {
                Some(cl) if cl.kind() == "range_clause" => cl.field("left"),
                Some(cl) => cl.field("initializer"),
                None => None,
            }
        }
        _ => None,
    }?;
    let mut names = Vec::new();
    let mut push = |n: Node<'a>| {
        if matches!(
            n.kind(),
            "identifier" | "shorthand_property_identifier_pattern"
        ) {
            let t = ctx.text_of(n);
            if t != "_" {
                names.push(t);
            }
        }
    };
    push(binder);
    crate::rules::util::visit_descendants(binder, |_| true, &mut push);
    // `while let Some(row) = stream.next()`: the bound names are left of `=` only; the
    // iterator is on the right (counted too, harmlessly).
    Some(names)
}

/// Whether the query is parameterised by the loop (uses one of its variables), and is not
/// just running a list of statements (`for sql in statements: cursor.execute(sql)`).
fn depends_on_loop<'a>(ctx: &FileContext<'a>, call: Node<'a>, vars: &[&str]) -> bool {
    // The statement is the loop's element (`for stmt in migration.sql: execute(stmt)`, also
    // turned into a statement by a raw-SQL wrapper: `execute(sql.raw(stmt))`,
    // `execute(text(stmt))`): a list of different statements run in order, not one query
    // repeated per item. Not `execute(statement.values(row))`: that binds the element as
    // parameters of one statement, the N+1 shape.
    let mut first = call.field("arguments").and_then(|a| a.named_child(0));
    if let Some(wrapper) = first.filter(|f| matches!(f.kind(), "call_expression" | "call"))
        && let Some(args) = wrapper.field("arguments")
        && args.named_child_count() == 1
        && wrapper.field("function").is_some_and(|f| {
            let name = ctx.text_of(f);
            let last = name.rsplit(['.', ':']).next().unwrap_or(name);
            matches!(last, "raw" | "text" | "sql" | "unsafe")
        })
    {
        first = args.named_child(0);
    }
    if first.is_some_and(|f| vars.contains(&ctx.text_of(f))) {
        return false;
    }
    crate::rules::util::any_descendant(call, |n| {
        matches!(
            n.kind(),
            "identifier" | "shorthand_property_identifier" | "field_identifier"
        ) && vars.contains(&ctx.text_of(n))
    })
}

const FUNCTION_KINDS: &[&str] = &[
    "closure_expression",
    "function_item",
    "func_literal",
    "function_declaration",
    "method_declaration",
    "arrow_function",
    "function_expression",
    "function",
    "method_definition",
    "generator_function",
    "function_definition",
    "lambda",
];

impl Rule for QueryInLoop {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let call_kind = if ctx.language == Language::Python {
            "call"
        } else {
            "call_expression"
        };
        if is_migration_file(ctx.rel_path()) {
            return;
        }
        for call in ctx.nodes_of_kind(call_kind) {
            if !ctx.is_production_code(call) {
                continue;
            }
            let Some(what) = self.query_call(ctx, call) else {
                continue;
            };
            if is_lazy_or_batched_django_filter(ctx, call) || passes_argv(call) {
                continue;
            }
            // Interpolated into a template (`sql`${sql.raw(joinType)} join …``): a fragment of
            // a query being built, not a query sent.
            if call
                .parent()
                .is_some_and(|p| matches!(p.kind(), "template_substitution" | "interpolation"))
            {
                continue;
            }
            // The argument of another query call (`execute(sql.raw(…))`): that call is the one
            // reported.
            if call
                .parent()
                .filter(|p| matches!(p.kind(), "arguments" | "argument_list"))
                .and_then(|p| p.parent())
                .is_some_and(|outer| self.query_call(ctx, outer).is_some())
            {
                continue;
            }
            let mut current = call.parent();
            while let Some(n) = current {
                if FUNCTION_KINDS.contains(&n.kind()) {
                    break;
                }
                if let Some(body) = iteration_body(ctx, n)
                    && body.byte_range().contains(&call.start_byte())
                {
                    if let Some(vars) = loop_variables(ctx, n)
                        && !depends_on_loop(ctx, call, &vars)
                    {
                        break;
                    }
                    if fixed_or_batched(ctx, n) {
                        break;
                    }
                    let line = n.start_position().row + 1;
                    out.push(ctx.finding(
                        &Self::META,
                        call,
                        format!("`{what}` runs once per iteration of the loop at line {line} (N+1 queries)"),
                    ));
                    break;
                }
                current = n.parent();
            }
        }
    }
}

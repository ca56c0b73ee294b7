use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{any_descendant, go_enclosing_function, visit_descendants};
use crate::rules::{FileContext, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// In Go production code, a `return` reached while a mutex is held: `X.Lock()` (or
    /// `X.RLock()`) without a deferred unlock, then a `return` before the matching
    /// `X.Unlock()` (`X.RUnlock()`) with no unlock on the way to it. The finding points at the
    /// `return`.
    ///
    /// ## Why it matters
    /// The early return leaves the mutex locked. The next `Lock` on it blocks forever: the
    /// goroutines that need it pile up, the service stops answering, and nothing crashes or
    /// logs, so the deadlock is found late. The early returns are usually error paths, which
    /// tests exercise least.
    ///
    /// ## How to fix
    /// Unlock with `defer X.Unlock()` right after locking, moving the critical section into its
    /// own function if it should end early; or unlock before every return.
    ///
    /// ## Example
    /// ```go
    /// func (c *Cache) Get(key string) (Item, error) {
    ///     c.mu.Lock()
    ///     item, ok := c.items[key]
    ///     if !ok {
    ///         return Item{}, ErrNotFound
    ///     }
    ///     c.mu.Unlock()
    ///     return item, nil
    /// }
    /// ```
    /// Use instead:
    /// ```go
    /// func (c *Cache) Get(key string) (Item, error) {
    ///     c.mu.Lock()
    ///     defer c.mu.Unlock()
    ///     item, ok := c.items[key]
    ///     if !ok {
    ///         return Item{}, ErrNotFound
    ///     }
    ///     return item, nil
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// A `defer X.Unlock()` (also inside a deferred function literal, or deferred earlier for a
    /// lock taken again later), a return after the unlock or preceded by one on its path,
    /// returns inside function literals (closures, goroutines), functions that return with the
    /// lock held on purpose (no unlock after the return, or the function hands the caller a
    /// pointer to the mutex or its `Unlock` method: lock hand-off), functions that run
    /// under their caller's lock (they unlock before they lock), unlocking through a helper
    /// whose name says so (`c.unlockAndNotify()`) or a local closure that unlocks
    /// (`fail := func(err error) error { mu.Unlock(); return err }`), comments, strings and
    /// test files.
    pub struct ReturnWhileLocked {
        id: "return-while-locked",
        category: Category::Concurrency,
        severity: Severity::High,
        effort_hours: 0.5,
        languages: &[Language::Go],
        summary: "Go `return` while a mutex is locked, without a deferred unlock",
        literals: &["Lock()"],
    }
}

impl Rule for ReturnWhileLocked {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut reported: HashSet<usize> = HashSet::new();
        for call in ctx.nodes_of_kind("call_expression") {
            let Some((mutex, method)) = method_call(ctx, call) else {
                continue;
            };
            let unlock = match method {
                "Lock" => "Unlock",
                "RLock" => "RUnlock",
                _ => continue,
            };
            let Some(statement) = call.parent().filter(|p| p.kind() == "expression_statement")
            else {
                continue;
            };
            let Some(function) = go_enclosing_function(call) else {
                continue;
            };
            if !ctx.is_production_code(call) {
                continue;
            }
            let mut lock = Lock {
                mutex,
                unlock,
                line: call.start_position().row + 1,
                unlocking_closures: Vec::new(),
            };
            // A function that unlocks first runs under its caller's lock and re-locks before
            // returning (`mu.Unlock(); work(); mu.Lock(); return`): not its lock to release.
            if lock.first_event_is_unlock(ctx, function, method)
                || lock.deferred_before(ctx, function, call)
                || lock.handed_to_caller(ctx, function)
            {
                continue;
            }
            lock.unlocking_closures = lock.find_unlocking_closures(ctx, function);
            let mut sibling = statement.next_named_sibling();
            while let Some(s) = sibling {
                if lock.releases(ctx, s) {
                    break;
                }
                for ret in returns_in(s) {
                    if !reported.contains(&ret.start_byte())
                        && !any_descendant(ret, |n| lock.is_unlock_call(ctx, n))
                        && !lock.released_on_path(ctx, ret, statement)
                        && lock.unlocked_after(ctx, function, ret)
                    {
                        reported.insert(ret.start_byte());
                        out.push(ctx.finding(
                            &Self::META,
                            ret,
                            format!(
                                "`return` while `{}` is locked (`{}()` on line {}, no deferred `{}()`): the mutex stays locked",
                                lock.mutex, method, lock.line, lock.unlock
                            ),
                        ));
                    }
                }
                sibling = s.next_named_sibling();
            }
        }
    }
}

struct Lock<'a> {
    /// The locked expression's text (`s.mu`).
    mutex: &'a str,
    /// `Unlock` or `RUnlock`.
    unlock: &'static str,
    /// 1-based line of the lock call.
    line: usize,
    /// Local variables holding function literals that unlock (`doErr := func(…) { …
    /// mu.Unlock() … }`): calling one releases the mutex.
    unlocking_closures: Vec<String>,
}

impl Lock<'_> {
    /// The function gives the caller the means to unlock: a pointer to the mutex
    /// (`lock = &c.rlock`) or its unlock method as a value (`return c.mu.Unlock`).
    fn handed_to_caller(&self, ctx: &FileContext<'_>, function: Node<'_>) -> bool {
        let pointer = format!("&{}", self.mutex);
        let method = format!("{}.{}", self.mutex, self.unlock);
        any_descendant(function, |n| {
            let text: String = ctx.text_of(n).split_whitespace().collect();
            (n.kind() == "unary_expression" && text == pointer)
                || (n.kind() == "selector_expression"
                    && text == method
                    && n.parent().is_none_or(|p| p.kind() != "call_expression"))
        })
    }

    /// Whether the first lock or unlock of the mutex in the function is an unlock.
    fn first_event_is_unlock(
        &self,
        ctx: &FileContext<'_>,
        function: Node<'_>,
        method: &str,
    ) -> bool {
        let first = std::cell::Cell::new(None);
        visit_descendants(
            function,
            |n| first.get().is_none() && n.kind() != "func_literal",
            |n| {
                if first.get().is_some() || n.kind() != "call_expression" {
                    return;
                }
                if let Some((receiver, m)) = method_call(ctx, n)
                    && receiver == self.mutex
                    && (m == method || m == self.unlock)
                {
                    first.set(Some(m == self.unlock));
                }
            },
        );
        first.get() == Some(true)
    }

    /// Whether an unlock of the mutex was deferred before this lock (`mu.Lock(); defer
    /// mu.Unlock(); …; mu.Unlock(); wait(); mu.Lock(); return`): every return is covered.
    fn deferred_before(&self, ctx: &FileContext<'_>, function: Node<'_>, lock: Node<'_>) -> bool {
        any_descendant(function, |n| {
            n.kind() == "defer_statement"
                && n.end_byte() <= lock.start_byte()
                && go_enclosing_function(n) == Some(function)
                && any_descendant(n, |c| {
                    method_call(ctx, c).is_some_and(|(r, m)| r == self.mutex && m == self.unlock)
                })
        })
    }

    fn find_unlocking_closures(&self, ctx: &FileContext<'_>, function: Node<'_>) -> Vec<String> {
        let mut names = Vec::new();
        visit_descendants(
            function,
            |_| true,
            |n| {
                if !matches!(n.kind(), "short_var_declaration" | "assignment_statement") {
                    return;
                }
                let (Some(left), Some(right)) = (
                    n.field("left").and_then(|l| l.named_child(0)),
                    n.field("right").and_then(|r| r.named_child(0)),
                ) else {
                    return;
                };
                if right.kind() == "func_literal"
                    && any_descendant(right, |c| {
                        method_call(ctx, c)
                            .is_some_and(|(r, m)| r == self.mutex && m == self.unlock)
                    })
                {
                    names.push(ctx.text_of(left).to_string());
                }
            },
        );
        names
    }

    /// `X.Unlock()`, or a helper whose name says it unlocks (`X.unlockAndNotify()`).
    fn is_unlock_call(&self, ctx: &FileContext<'_>, node: Node<'_>) -> bool {
        if node.kind() != "call_expression" {
            return false;
        }
        let callee = node.field("function");
        if callee.is_some_and(|f| {
            f.kind() == "identifier" && self.unlocking_closures.iter().any(|c| c == ctx.text_of(f))
        }) {
            return true;
        }
        match method_call(ctx, node) {
            Some((receiver, method)) => {
                let owner = receiver == self.mutex
                    || self
                        .mutex
                        .strip_prefix(receiver)
                        .is_some_and(|rest| rest.starts_with('.'));
                (receiver == self.mutex && method == self.unlock)
                    || (owner && method.to_ascii_lowercase().contains("unlock"))
            }
            None => false,
        }
    }

    /// Whether a statement leaves the mutex unlocked (or certain to be unlocked on return) for
    /// the statements after it: a direct unlock, a defer that unlocks, or a compound statement
    /// with an unlock that does not end its branch with a `return`.
    fn releases(&self, ctx: &FileContext<'_>, statement: Node<'_>) -> bool {
        match statement.kind() {
            "expression_statement" => statement
                .named_child(0)
                .is_some_and(|c| self.is_unlock_call(ctx, c)),
            "defer_statement" => any_descendant(statement, |n| self.is_unlock_call(ctx, n)),
            "if_statement"
            | "for_statement"
            | "expression_switch_statement"
            | "type_switch_statement"
            | "select_statement"
            | "block"
            | "labeled_statement" => {
                let found = std::cell::Cell::new(false);
                visit_descendants(
                    statement,
                    |n| !found.get() && n.kind() != "func_literal",
                    |n| {
                        if found.get() || n.kind() != "expression_statement" {
                            return;
                        }
                        let unlocks = n
                            .named_child(0)
                            .is_some_and(|c| self.is_unlock_call(ctx, c));
                        if unlocks && !ends_with_return(n) {
                            found.set(true);
                        }
                    },
                );
                found.get()
            }
            _ => false,
        }
    }

    /// Whether, on the way from `ret` up to the statement list holding the lock, some
    /// statement before it releases the mutex.
    fn released_on_path(
        &self,
        ctx: &FileContext<'_>,
        ret: Node<'_>,
        lock_statement: Node<'_>,
    ) -> bool {
        let top = lock_statement.parent();
        let mut current = ret;
        while let Some(parent) = current.parent() {
            if Some(parent) == top {
                return false;
            }
            if parent.kind() == "statement_list" {
                let mut prev = current.prev_named_sibling();
                while let Some(p) = prev {
                    if self.releases(ctx, p) {
                        return true;
                    }
                    prev = p.prev_named_sibling();
                }
            }
            current = parent;
        }
        false
    }

    /// Whether the function unlocks the mutex somewhere after `ret`: the return is between the
    /// lock and its unlock. Without one, the function hands the lock over on purpose.
    fn unlocked_after(&self, ctx: &FileContext<'_>, function: Node<'_>, ret: Node<'_>) -> bool {
        any_descendant(function, |n| {
            n.start_byte() >= ret.end_byte() && self.is_unlock_call(ctx, n)
        })
    }
}

/// Whether a statement is followed, in its own statement list, by a `return`: its branch
/// exits the function instead of falling through.
fn ends_with_return(statement: Node<'_>) -> bool {
    let mut next = statement.next_named_sibling();
    while let Some(n) = next {
        if n.kind() == "return_statement" {
            return true;
        }
        next = n.next_named_sibling();
    }
    false
}

/// The `return` statements in a statement, outside function literals, in document order.
fn returns_in(statement: Node<'_>) -> Vec<Node<'_>> {
    if statement.kind() == "return_statement" {
        return vec![statement];
    }
    let mut out = Vec::new();
    visit_descendants(
        statement,
        |n| n.kind() != "func_literal",
        |n| {
            if n.kind() == "return_statement" {
                out.push(n);
            }
        },
    );
    out
}

/// `(receiver, method)` of a call `receiver.method()` with no arguments.
fn method_call<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<(&'a str, &'a str)> {
    let function = call.field("function")?;
    if function.kind() != "selector_expression" {
        return None;
    }
    let no_args = call
        .field("arguments")
        .is_some_and(|a| a.named_child_count() == 0);
    if !no_args {
        return None;
    }
    let receiver = ctx.text_of(function.field("operand")?);
    let method = ctx.text_of(function.field("field")?);
    Some((receiver, method))
}

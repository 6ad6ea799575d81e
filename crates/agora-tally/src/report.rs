//! Tally a Pabulib file for the CLI: `agora tally FILE.pb --rule R [--json]`.
//!
//! [`tally_pb_file`] reads and parses the file, runs the rule and returns a
//! [`BudgetReport`], which renders as English text ([`BudgetReport::to_text`]) or JSON
//! ([`BudgetReport::to_json`]).
//!
//! Rules: `greedy`, `greedy-no-skip`, `greedy-threshold`, `mes`, `mes-add1`, `mes-add1e`,
//! `mes-add1u`, `phragmen`, `max-supporters`, or `auto` (the rule named in META `rule`).
//! Any MES rule may end in `+comparison` to add the comparison step with greedy (a voter
//! prefers the outcome that funds more cost of the projects they approve).
//!
//! ## JSON
//! ```json
//! {"rule": "mes-add1", "requested_rule": "auto",
//!  "selected": ["3", "9", ...],            // project ids, in the order chosen
//!  "total_cost": 76700, "budget": 100000,  // JSON numbers (see below)
//!  "total_cost_exact": "76700", "budget_exact": "100000", "currency": "EUR",
//!  "voters": 84, "budget_used_percent": "76.70",
//!  "explanation": {"kind": "mes", ...}}
//! ```
//! `total_cost` and `budget` are JSON numbers whose decimal text is the exact amount
//! (integers when the amounts are whole; otherwise at most 15 significant digits, which
//! a double prints exactly). When an amount has more digits than a double can carry, the
//! number is replaced by the exact decimal string. `total_cost_exact` / `budget_exact`
//! always hold the exact decimal strings.

use std::fmt;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::budget::{
    self, Completion, Election, Explanation, GreedyDecision, GreedyVariant, MesOptions, Outcome,
    PreferenceMeasure,
};
use crate::pabulib::{self, PbError};

/// Why a tally could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TallyError {
    /// The file could not be read or is not valid Pabulib (names the line).
    Pb(PbError),
    /// The rule name is not one we know.
    UnknownRule(String),
    /// `auto` was asked but META has no `rule`, or one we can't run.
    NoMetaRule(Option<String>),
}

impl fmt::Display for TallyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TallyError::Pb(e) => write!(f, "{e}"),
            TallyError::UnknownRule(r) => write!(
                f,
                "unknown rule '{r}' (expected greedy, greedy-no-skip, greedy-threshold, mes, \
                 mes-add1, mes-add1e, mes-add1u, phragmen, max-supporters or auto)"
            ),
            TallyError::NoMetaRule(None) => {
                write!(
                    f,
                    "rule 'auto' needs a 'rule' in META, and the file has none"
                )
            }
            TallyError::NoMetaRule(Some(r)) => {
                write!(f, "rule 'auto': META rule '{r}' is not one we can run")
            }
        }
    }
}

impl std::error::Error for TallyError {}

impl From<PbError> for TallyError {
    fn from(e: PbError) -> Self {
        TallyError::Pb(e)
    }
}

/// A selected project, for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectedProject {
    pub id: String,
    pub name: Option<String>,
    /// Exact decimal string.
    pub cost: String,
}

/// The result of tallying a `.pb` file with one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetReport {
    /// The rule that ran (`auto` resolved), e.g. `mes-add1`.
    pub rule: String,
    /// The rule as asked, e.g. `auto`.
    pub requested_rule: String,
    /// Selected projects, in the order chosen.
    pub selected: Vec<SelectedProject>,
    /// Exact decimal strings.
    pub total_cost: String,
    pub budget: String,
    /// Amounts in minor units (`10^-scale`).
    pub total_cost_minor: i64,
    pub budget_minor: i64,
    pub scale: u32,
    /// META `currency`, if any.
    pub currency: Option<String>,
    /// META `description`, if any.
    pub description: Option<String>,
    pub voters: u64,
    pub projects: usize,
    /// The full outcome with its structured explanation.
    pub outcome: Outcome,
}

/// Resolve a rule name (including `auto`) against a file's META `rule`.
pub fn resolve_rule(
    rule: &str,
    meta_rule: Option<&str>,
    has_threshold: bool,
) -> Result<String, TallyError> {
    let rule = rule.trim();
    if rule != "auto" {
        return Ok(rule.to_string());
    }
    let Some(m) = meta_rule else {
        return Err(TallyError::NoMetaRule(None));
    };
    let lower = m.trim().to_ascii_lowercase();
    let tokens: Vec<&str> = lower
        .split(['/', '+', ',', ' '])
        .filter(|t| !t.is_empty())
        .collect();
    let has = |t: &str| tokens.contains(&t);
    let resolved = match tokens.first().copied() {
        Some("greedy") if has_threshold => "greedy-threshold".to_string(),
        Some("greedy") => "greedy".to_string(),
        Some("greedy-threshold") => "greedy-threshold".to_string(),
        Some("greedy-no-skip") => "greedy-no-skip".to_string(),
        Some("equalshares") | Some("mes") | Some("equal-shares") => {
            let base = if has("add1u") {
                "mes-add1u"
            } else if has("add1e") {
                "mes-add1e"
            } else if has("add1") {
                "mes-add1"
            } else {
                "mes"
            };
            if has("comparison") {
                format!("{base}+comparison")
            } else {
                base.to_string()
            }
        }
        Some("equalshares-add1") => "mes-add1".to_string(),
        Some("phragmen") | Some("sequential-phragmen") | Some("seqphragmen") => {
            "phragmen".to_string()
        }
        Some("max-supporters") => "max-supporters".to_string(),
        _ => return Err(TallyError::NoMetaRule(Some(m.to_string()))),
    };
    Ok(resolved)
}

/// Run a rule (not `auto`) on an election.
pub fn run_rule(e: &Election, rule: &str) -> Result<Outcome, TallyError> {
    let (base, comparison) = match rule.strip_suffix("+comparison") {
        Some(b) => (b, Some(PreferenceMeasure::Cost)),
        None => (rule, None),
    };
    let mes_with = |c: Completion| {
        budget::mes(
            e,
            MesOptions {
                completion: c,
                comparison,
            },
        )
    };
    let o = match base {
        "greedy" if comparison.is_none() => budget::greedy(e, GreedyVariant::Skip, None),
        "greedy-no-skip" if comparison.is_none() => budget::greedy(e, GreedyVariant::NoSkip, None),
        "greedy-threshold" if comparison.is_none() => {
            budget::greedy(e, GreedyVariant::Threshold, None)
        }
        "mes" => mes_with(Completion::None),
        "mes-add1" => mes_with(Completion::Add1),
        "mes-add1e" => mes_with(Completion::Add1e),
        "mes-add1u" => mes_with(Completion::Add1u),
        "phragmen" if comparison.is_none() => budget::phragmen(e),
        "max-supporters" if comparison.is_none() => budget::max_supporters(e),
        _ => return Err(TallyError::UnknownRule(rule.to_string())),
    };
    Ok(o)
}

/// Read a `.pb` file and tally it with `rule`.
pub fn tally_pb_file(path: &Path, rule: &str) -> Result<BudgetReport, TallyError> {
    let file = pabulib::read_file(path)?;
    tally_pb(&file, rule)
}

/// Read a `.pb` file and tally it with `rule` and a threshold replacing the file's
/// (see [`tally_pb_with_threshold`]).
pub fn tally_pb_file_with_threshold(
    path: &Path,
    rule: &str,
    threshold: Option<pabulib::Decimal>,
) -> Result<BudgetReport, TallyError> {
    let file = pabulib::read_file(path)?;
    tally_pb_with_threshold(&file, rule, threshold)
}

/// Tally a parsed file with `rule`.
pub fn tally_pb(file: &pabulib::PbFile, rule: &str) -> Result<BudgetReport, TallyError> {
    tally_pb_with_threshold(file, rule, None)
}

/// Tally a parsed file with `rule`; `threshold`, when given, replaces META
/// `min_project_score_threshold` (the score a project needs for `greedy-threshold`, and what
/// makes `auto` with META rule `greedy` mean `greedy-threshold`).
pub fn tally_pb_with_threshold(
    file: &pabulib::PbFile,
    rule: &str,
    threshold: Option<pabulib::Decimal>,
) -> Result<BudgetReport, TallyError> {
    let mut e = Election::from_pb(file)?;
    if threshold.is_some() {
        e.score_threshold = threshold;
    }
    let resolved = resolve_rule(rule, e.meta_rule.as_deref(), e.score_threshold.is_some())?;
    let outcome = run_rule(&e, &resolved)?;
    Ok(BudgetReport {
        rule: resolved,
        requested_rule: rule.trim().to_string(),
        selected: outcome
            .selected
            .iter()
            .map(|&p| {
                let pr = &e.projects[p as usize];
                SelectedProject {
                    id: pr.id.clone(),
                    name: pr.name.clone(),
                    cost: e.money(pr.cost as i128),
                }
            })
            .collect(),
        total_cost: e.money(outcome.total_cost as i128),
        budget: e.money(e.budget as i128),
        total_cost_minor: outcome.total_cost,
        budget_minor: e.budget,
        scale: e.scale,
        currency: file.meta_get("currency").map(str::to_string),
        description: file.meta_get("description").map(str::to_string),
        voters: e.n_voters,
        projects: e.projects.len(),
        outcome,
    })
}

/// Exact decimal string as a JSON number when its text survives a double; else a string.
fn money_json(exact: &str) -> Value {
    if let Ok(i) = exact.parse::<i64>() {
        return json!(i);
    }
    let trimmed = if exact.contains('.') {
        exact.trim_end_matches('0').trim_end_matches('.')
    } else {
        exact
    };
    if let Ok(i) = trimmed.parse::<i64>() {
        return json!(i);
    }
    if let Ok(f) = trimmed.parse::<f64>()
        && format!("{f}") == trimmed
        && let Some(n) = serde_json::Number::from_f64(f)
    {
        return Value::Number(n);
    }
    Value::String(exact.to_string())
}

fn rule_title(rule: &str) -> String {
    let (base, cmp) = match rule.strip_suffix("+comparison") {
        Some(b) => (b, ", then compared with greedy"),
        None => (rule, ""),
    };
    let t = match base {
        "greedy" => "greedy by votes (skip projects that don't fit)",
        "greedy-no-skip" => "greedy by votes (stop at the first project that doesn't fit)",
        "greedy-threshold" => "greedy by votes, after dropping projects below the threshold",
        "mes" => "Method of Equal Shares",
        "mes-add1" => "Method of Equal Shares, completed by Add1",
        "mes-add1e" => "Method of Equal Shares, completed by Add1 (stop when exhaustive)",
        "mes-add1u" => "Method of Equal Shares, completed by Add1, then greedy",
        "phragmen" => "sequential Phragmén",
        "max-supporters" => "maximum supporters within budget",
        other => other,
    };
    format!("{t}{cmp}")
}

impl BudgetReport {
    /// Budget use in percent with two decimals, rounded down (exact).
    pub fn budget_used_percent(&self) -> String {
        if self.budget_minor <= 0 {
            return "0.00".to_string();
        }
        let bp = self.total_cost_minor as i128 * 10_000 / self.budget_minor as i128;
        format!("{}.{:02}", bp / 100, bp % 100)
    }

    fn money(&self, s: &str) -> String {
        match &self.currency {
            Some(c) => format!("{s} {c}"),
            None => s.to_string(),
        }
    }

    /// JSON for `--json` (see the module docs for the keys).
    pub fn to_json(&self) -> Value {
        json!({
            "rule": self.rule,
            "requested_rule": self.requested_rule,
            "selected": self.selected.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            "total_cost": money_json(&self.total_cost),
            "budget": money_json(&self.budget),
            "total_cost_exact": self.total_cost,
            "budget_exact": self.budget,
            "budget_used_percent": self.budget_used_percent(),
            "currency": self.currency,
            "voters": self.voters,
            "explanation": serde_json::to_value(&self.outcome.explanation).unwrap_or(Value::Null),
        })
    }

    /// Plain English text for the CLI.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        if let Some(d) = &self.description {
            let _ = writeln!(s, "{d}");
        }
        let _ = writeln!(s, "Rule: {} ({})", self.rule, rule_title(&self.rule));
        let _ = writeln!(
            s,
            "{} voters, {} projects, budget {}",
            self.voters,
            self.projects,
            self.money(&self.budget)
        );
        let _ = writeln!(
            s,
            "\nSelected ({} projects, in the order chosen):",
            self.selected.len()
        );
        for (i, p) in self.selected.iter().enumerate() {
            let _ = match &p.name {
                Some(n) => writeln!(
                    s,
                    "  {:>3}. {}  {}  ({})",
                    i + 1,
                    p.id,
                    n,
                    self.money(&p.cost)
                ),
                None => writeln!(s, "  {:>3}. {}  ({})", i + 1, p.id, self.money(&p.cost)),
            };
        }
        let _ = writeln!(
            s,
            "Total cost: {} of {} ({} % of the budget)",
            self.money(&self.total_cost),
            self.money(&self.budget),
            self.budget_used_percent()
        );
        let _ = writeln!(s, "\nHow it was computed:");
        self.explain_text(&mut s);
        s
    }

    fn explain_text(&self, s: &mut String) {
        match &self.outcome.explanation {
            Explanation::Greedy(g) => {
                let what = match g.score_kind.as_str() {
                    "points" => "points",
                    "borda" => "Borda points",
                    _ => "votes",
                };
                let _ = writeln!(
                    s,
                    "Projects in order of {what} (ties: more supporters, then cheaper, then listed first):"
                );
                if let Some(t) = &g.threshold {
                    let _ = writeln!(s, "Projects with fewer than {t} {what} are dropped.");
                }
                for st in &g.steps {
                    let why = match st.decision {
                        GreedyDecision::Selected => {
                            format!("selected, {} left", self.money(&st.remaining))
                        }
                        GreedyDecision::DoesNotFit => {
                            format!("skipped: does not fit in {}", self.money(&st.remaining))
                        }
                        GreedyDecision::BelowThreshold => "dropped: below the threshold".into(),
                        GreedyDecision::Stopped => "not considered: stopped earlier".into(),
                    };
                    let _ = writeln!(
                        s,
                        "  {}: {} {what}, costs {} -> {why}",
                        st.project,
                        st.score,
                        self.money(&st.cost)
                    );
                }
            }
            Explanation::Mes(m) => {
                let _ = writeln!(
                    s,
                    "Each of the {} voters received the same share of the budget: {} (minor units: {}/{}).",
                    m.voters,
                    approx_money(m.per_voter_budget.approx, self.scale),
                    m.per_voter_budget.num,
                    m.per_voter_budget.den
                );
                let _ = writeln!(
                    s,
                    "Each round buys the project whose supporters can pay for it with the smallest rho = largest payment / cost;\nsupporters pay equal amounts, or all they have left if that is less."
                );
                for (i, r) in m.rounds.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "  Round {}: {} bought at rho = {}/{} (about {:.6}); {} of its {} supporters paid, at most {} each; {} of them paid all they had left.",
                        i + 1,
                        r.project,
                        r.rho.num,
                        r.rho.den,
                        r.rho.approx,
                        r.payers,
                        r.supporters,
                        approx_money(r.max_payment.approx, self.scale),
                        r.paid_all_they_had
                    );
                }
                if let Some(c) = &m.completion {
                    let why = match c.stopped_because.as_str() {
                        "next-overspends" => {
                            "one more unit per voter would have spent more than the budget"
                        }
                        "exhaustive" => "no other project fitted in what was left",
                        "saturated" => {
                            "every voter could already pay all the projects they voted for alone"
                        }
                        other => other,
                    };
                    let _ = writeln!(
                        s,
                        "Completion ({}): the per-voter budget started at {} and was raised by one unit {} times, to {} ({} MES runs computed); it stopped because {}.",
                        match c.method {
                            Completion::Add1 => "Add1",
                            Completion::Add1e => "Add1, stop when exhaustive",
                            Completion::Add1u => "Add1, then greedy",
                            Completion::None => "none",
                        },
                        self.money(&c.start_per_voter_budget),
                        c.steps,
                        self.money(&c.per_voter_budget),
                        c.runs,
                        why
                    );
                    if !c.filled.is_empty() {
                        let _ = writeln!(
                            s,
                            "The leftover budget was then filled by votes with: {}.",
                            c.filled.join(", ")
                        );
                    }
                }
                if let Some(c) = &m.comparison {
                    let _ = writeln!(
                        s,
                        "Comparison with greedy: {} voters prefer the equal-shares outcome, {} prefer greedy, {} are indifferent; kept: {}.",
                        c.prefer_mes, c.prefer_greedy, c.indifferent, c.kept
                    );
                }
            }
            Explanation::Phragmen(p) => {
                let _ = writeln!(
                    s,
                    "Voters earn money at the same steady rate; a project is bought as soon as its supporters together hold its cost, and they spend everything they hold."
                );
                if !p.over_budget.is_empty() {
                    let _ = writeln!(
                        s,
                        "Left out because they cost more than the whole budget: {}.",
                        p.over_budget.join(", ")
                    );
                }
                for (i, r) in p.rounds.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "  Round {}: {} (cost {}) bought when each voter had earned {} in total; {} supporters.",
                        i + 1,
                        r.project,
                        self.money(&r.cost),
                        approx_money(r.time.approx, self.scale),
                        r.supporters
                    );
                }
                match (&p.stop.project, &p.stop.cost) {
                    (Some(id), Some(c)) => {
                        let _ = writeln!(
                            s,
                            "Stopped: the next project, {id} (cost {}), does not fit in the {} left.",
                            self.money(c),
                            self.money(&p.stop.remaining)
                        );
                    }
                    _ => {
                        let _ = writeln!(s, "Stopped: no project left.");
                    }
                }
            }
            Explanation::MaxSupporters(x) => {
                let _ = writeln!(
                    s,
                    "Among all sets of projects within the budget, this one has the most supports: {} (greedy by votes would give {}), using {} of the budget.",
                    x.supports,
                    x.greedy_supports,
                    self.money(&x.budget_used)
                );
            }
        }
    }
}

/// A float amount of minor units as a currency amount with the file's decimals.
fn approx_money(minor: f64, scale: u32) -> String {
    let v = minor / 10f64.powi(scale as i32);
    format!("{:.*}", (scale as usize).max(2), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_resolution() {
        assert_eq!(
            resolve_rule("auto", Some("greedy"), true).ok(),
            Some("greedy-threshold".into())
        );
        assert_eq!(
            resolve_rule("auto", Some("greedy"), false).ok(),
            Some("greedy".into())
        );
        assert_eq!(
            resolve_rule("auto", Some("equalshares/add1"), false).ok(),
            Some("mes-add1".into())
        );
        assert_eq!(
            resolve_rule("auto", Some("equalshares/add1/comparison"), false).ok(),
            Some("mes-add1+comparison".into())
        );
        assert!(resolve_rule("auto", None, false).is_err());
        assert!(resolve_rule("auto", Some("lottery"), false).is_err());
    }

    #[test]
    fn a_given_threshold_replaces_the_files() {
        // Votes: p1 x3, p2 x2, p3 x1; everything fits. META says 1, the caller says 2.
        let text = "META\nkey;value\nnum_projects;3\nnum_votes;3\nbudget;100\n\
                    vote_type;approval\nrule;greedy\nmin_project_score_threshold;1\n\
                    PROJECTS\nproject_id;cost\np1;10\np2;10\np3;10\n\
                    VOTES\nvoter_id;vote\n1;p1,p2,p3\n2;p1,p2\n3;p1\n";
        let file = pabulib::parse(text).expect("file");
        let ids =
            |r: BudgetReport| -> Vec<String> { r.selected.into_iter().map(|p| p.id).collect() };
        assert_eq!(
            ids(tally_pb(&file, "auto").expect("tally")),
            ["p1", "p2", "p3"]
        );
        let two = Some(pabulib::Decimal::from_int(2));
        let report = tally_pb_with_threshold(&file, "auto", two).expect("tally");
        assert_eq!(report.rule, "greedy-threshold");
        assert_eq!(ids(report), ["p1", "p2"]);
    }

    #[test]
    fn money_json_is_exact() {
        assert_eq!(money_json("100000"), json!(100000));
        assert_eq!(money_json("2458488.22"), json!(2458488.22));
        assert_eq!(money_json("4000.0"), json!(4000));
        assert_eq!(
            money_json("12345678901234567.89"),
            json!("12345678901234567.89")
        );
    }
}

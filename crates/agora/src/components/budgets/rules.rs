//! The ballot rules, as pure functions: what a ballot in progress may hold (never more than
//! the budget, never more projects or points than allowed) and what it needs before it can
//! be cast. The model calls them inside the transaction that holds the voter's lock, on the
//! lines and costs it just read, so what they accept is what gets written.

use std::collections::{HashMap, HashSet};

/// How participants fill their ballot in one budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Any projects whose costs fit in the budget (Decidim's "vote by percentage" when a
    /// minimum share must be spent).
    Approval,
    /// Between a minimum and a maximum number of projects, whatever their cost.
    Choose,
    /// Distribute a number of points (cumulative: several on one project).
    Points,
    /// Rank up to a number of projects, favourite first.
    Ranking,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [
        RuleKind::Approval,
        RuleKind::Choose,
        RuleKind::Points,
        RuleKind::Ranking,
    ];

    /// The stored (and API) form.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Approval => "approval",
            RuleKind::Choose => "choose",
            RuleKind::Points => "points",
            RuleKind::Ranking => "ranking",
        }
    }

    pub fn parse(text: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// The rule of a budget with its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub kind: RuleKind,
    /// Approval: the share of the budget a ballot must spend before it can be cast (0: none).
    pub min_percent: i64,
    /// Choose: fewest projects on a cast ballot.
    pub min_projects: i64,
    /// Choose: most projects (0: no maximum).
    pub max_projects: i64,
    /// Points: the points to distribute; ranking: the most projects ranked.
    pub points: i64,
}

/// One project on a ballot: `value` is 1, the points given, or the rank (1 first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub project_id: i64,
    pub value: i64,
}

/// Why a ballot (or a change to it) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The project is not one of this budget's.
    NotInBudget(i64),
    /// The same project twice.
    Duplicate(i64),
    /// The projects would cost more than the budget.
    OverBudget {
        cost: i64,
        total: i64,
    },
    TooManyProjects {
        max: i64,
    },
    TooFewProjects {
        min: i64,
    },
    /// Approval with a minimum share: the ballot spends less than `min`.
    BelowMinimumSpend {
        min: i64,
    },
    /// Points below 1 (0 removes the project from the form; negatives are refused).
    NotPositive(i64),
    TooManyPoints {
        used: i64,
        max: i64,
    },
    TooManyRanked {
        max: i64,
    },
    /// Ranks must be 1, 2, 3 ... without gaps or repeats.
    BadRanking,
    /// Nothing on the ballot.
    Empty,
    /// The ballot was already cast: it cannot change.
    CheckedOut,
    /// The component lets each person vote in one budget, and they started in another.
    OtherBudget,
    /// The ballot's shape does not match the rule (e.g. points for an approval budget).
    WrongShape(RuleKind),
    /// Voting is not open in the current phase.
    Closed,
    /// The component asks for a census verification (or an age, which needs one).
    NotVerified,
    /// The component has a minimum age.
    TooYoung {
        min: i64,
    },
    /// The component assigns each person one budget, and this is not theirs.
    NotAssigned,
    /// The project was evaluated as not feasible: it cannot be voted for.
    Unfeasible(i64),
}

impl Refusal {
    /// The Fluent key of the explanation (arguments: `project`, `cost`, `total`, `max`,
    /// `min`, `used`, `rule`; amounts already formatted).
    pub fn key(&self) -> &'static str {
        match self {
            Refusal::NotInBudget(_) => "budgets-refusal-not-in-budget",
            Refusal::Duplicate(_) => "budgets-refusal-duplicate",
            Refusal::OverBudget { .. } => "budgets-refusal-over-budget",
            Refusal::TooManyProjects { .. } => "budgets-refusal-too-many",
            Refusal::TooFewProjects { .. } => "budgets-refusal-too-few",
            Refusal::BelowMinimumSpend { .. } => "budgets-refusal-minimum-spend",
            Refusal::NotPositive(_) => "budgets-refusal-not-positive",
            Refusal::TooManyPoints { .. } => "budgets-refusal-too-many-points",
            Refusal::TooManyRanked { .. } => "budgets-refusal-too-many-ranked",
            Refusal::BadRanking => "budgets-refusal-bad-ranking",
            Refusal::Empty => "budgets-refusal-empty",
            Refusal::CheckedOut => "budgets-refusal-checked-out",
            Refusal::OtherBudget => "budgets-refusal-other-budget",
            Refusal::WrongShape(_) => "budgets-refusal-wrong-shape",
            Refusal::Closed => "budgets-refusal-closed",
            Refusal::NotVerified => "budgets-refusal-not-verified",
            Refusal::TooYoung { .. } => "budgets-refusal-too-young",
            Refusal::NotAssigned => "budgets-refusal-not-assigned",
            Refusal::Unfeasible(_) => "budgets-refusal-unfeasible",
        }
    }
}

/// What a ballot holds, once checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub cost: i64,
    pub projects: i64,
    pub points: i64,
}

/// Checks a ballot in progress: every project is the budget's, once; values fit the rule;
/// and it never exceeds the budget, the maximum of projects, or the points. `costs` maps the
/// budget's project ids to their cost.
pub fn check(
    rule: &Rule,
    total: i64,
    costs: &HashMap<i64, i64>,
    lines: &[Line],
) -> Result<Totals, Refusal> {
    let mut seen = HashSet::new();
    let mut totals = Totals::default();
    for line in lines {
        let cost = *costs
            .get(&line.project_id)
            .ok_or(Refusal::NotInBudget(line.project_id))?;
        if !seen.insert(line.project_id) {
            return Err(Refusal::Duplicate(line.project_id));
        }
        if line.value < 1 {
            return Err(Refusal::NotPositive(line.value));
        }
        if matches!(rule.kind, RuleKind::Approval | RuleKind::Choose) && line.value != 1 {
            return Err(Refusal::WrongShape(rule.kind));
        }
        totals.cost = totals.cost.saturating_add(cost);
        totals.projects += 1;
        totals.points = totals.points.saturating_add(line.value);
    }
    match rule.kind {
        RuleKind::Approval if totals.cost > total => Err(Refusal::OverBudget {
            cost: totals.cost,
            total,
        }),
        RuleKind::Choose if rule.max_projects > 0 && totals.projects > rule.max_projects => {
            Err(Refusal::TooManyProjects {
                max: rule.max_projects,
            })
        }
        RuleKind::Points if totals.points > rule.points => Err(Refusal::TooManyPoints {
            used: totals.points,
            max: rule.points,
        }),
        RuleKind::Ranking if rule.points > 0 && totals.projects > rule.points => {
            Err(Refusal::TooManyRanked { max: rule.points })
        }
        RuleKind::Ranking => {
            let mut ranks: Vec<i64> = lines.iter().map(|l| l.value).collect();
            ranks.sort_unstable();
            if ranks.iter().zip(1..).any(|(rank, want)| *rank != want) {
                return Err(Refusal::BadRanking);
            }
            // A ranking's "points" are not a sum of anything.
            totals.points = totals.projects;
            Ok(totals)
        }
        _ => Ok(totals),
    }
}

/// The least a cast approval ballot must spend: `min_percent` of the budget, rounded up.
pub fn minimum_spend(rule: &Rule, total: i64) -> i64 {
    if rule.kind != RuleKind::Approval || rule.min_percent <= 0 {
        return 0;
    }
    let wanted = i128::from(total) * i128::from(rule.min_percent);
    i64::try_from((wanted + 99) / 100).unwrap_or(i64::MAX)
}

/// Checks a ballot that is about to be cast: valid as in [`check`], not empty, and meeting
/// the rule's minimum (share spent, number of projects).
pub fn check_checkout(
    rule: &Rule,
    total: i64,
    costs: &HashMap<i64, i64>,
    lines: &[Line],
) -> Result<Totals, Refusal> {
    let totals = check(rule, total, costs, lines)?;
    if totals.projects == 0 {
        return Err(Refusal::Empty);
    }
    let min_spend = minimum_spend(rule, total);
    if totals.cost < min_spend {
        return Err(Refusal::BelowMinimumSpend { min: min_spend });
    }
    if rule.kind == RuleKind::Choose && totals.projects < rule.min_projects {
        return Err(Refusal::TooFewProjects {
            min: rule.min_projects,
        });
    }
    Ok(totals)
}

/// A change a participant asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Put a project on the ballot (1 point; last rank).
    Add(i64),
    Remove(i64),
    /// Points on a project (0 takes it off).
    SetPoints(i64, i64),
    /// Ranking: one place up (towards 1) or down.
    Move {
        project_id: i64,
        up: bool,
    },
    /// The whole ballot at once (the API's `PUT`).
    Replace(Vec<Line>),
}

/// The lines after a change under a rule (unchecked: [`check`] decides whether they may be
/// kept). Approvals and choices carry 1; points start at 1; rankings add last and close the
/// gap when a project leaves.
pub fn apply(kind: RuleKind, lines: &[Line], change: &Change) -> Result<Vec<Line>, Refusal> {
    let mut out = lines.to_vec();
    match change {
        Change::Add(id) => {
            if out.iter().any(|l| l.project_id == *id) {
                return Err(Refusal::Duplicate(*id));
            }
            let value = if kind == RuleKind::Ranking {
                i64::try_from(out.len()).unwrap_or(i64::MAX - 1) + 1
            } else {
                1
            };
            out.push(Line {
                project_id: *id,
                value,
            });
        }
        Change::Remove(id) => {
            out.retain(|l| l.project_id != *id);
            if kind == RuleKind::Ranking {
                out.sort_by_key(|l| l.value);
                for (line, rank) in out.iter_mut().zip(1..) {
                    line.value = rank;
                }
            }
        }
        Change::SetPoints(id, points) => {
            if *points < 0 {
                return Err(Refusal::NotPositive(*points));
            }
            if let Some(line) = out.iter_mut().find(|l| l.project_id == *id) {
                line.value = *points;
            } else {
                out.push(Line {
                    project_id: *id,
                    value: *points,
                });
            }
            out.retain(|l| l.value != 0);
        }
        Change::Move { project_id, up } => {
            let Some(line) = out.iter().find(|l| l.project_id == *project_id).copied() else {
                return Ok(out);
            };
            let target = if *up { line.value - 1 } else { line.value + 1 };
            if let Some(other) = out.iter_mut().find(|l| l.value == target) {
                other.value = line.value;
                if let Some(me) = out.iter_mut().find(|l| l.project_id == *project_id) {
                    me.value = target;
                }
            }
        }
        Change::Replace(new) => out = new.clone(),
    }
    if kind == RuleKind::Ranking {
        out.sort_by_key(|l| (l.value, l.project_id));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn costs() -> HashMap<i64, i64> {
        HashMap::from([(1, 400), (2, 300), (3, 500), (4, 100)])
    }

    fn rule(kind: RuleKind) -> Rule {
        Rule {
            kind,
            min_percent: 0,
            min_projects: 0,
            max_projects: 0,
            points: 0,
        }
    }

    fn ones(ids: &[i64]) -> Vec<Line> {
        ids.iter()
            .map(|&project_id| Line {
                project_id,
                value: 1,
            })
            .collect()
    }

    #[test]
    fn approval_stays_within_the_budget_and_may_require_a_share() {
        let r = Rule {
            min_percent: 50,
            ..rule(RuleKind::Approval)
        };
        assert_eq!(
            check(&r, 1000, &costs(), &ones(&[1, 2])).map(|t| t.cost),
            Ok(700)
        );
        assert_eq!(
            check(&r, 1000, &costs(), &ones(&[1, 2, 3])),
            Err(Refusal::OverBudget {
                cost: 1200,
                total: 1000
            })
        );
        assert_eq!(
            check_checkout(&r, 1000, &costs(), &ones(&[4])),
            Err(Refusal::BelowMinimumSpend { min: 500 })
        );
        assert!(check_checkout(&r, 1000, &costs(), &ones(&[3])).is_ok());
        assert_eq!(
            check(&r, 1000, &costs(), &ones(&[9])),
            Err(Refusal::NotInBudget(9))
        );
        assert_eq!(
            check(&r, 1000, &costs(), &ones(&[1, 1])),
            Err(Refusal::Duplicate(1))
        );
        assert_eq!(minimum_spend(&r, 999), 500, "rounded up");
        assert_eq!(check_checkout(&r, 1000, &costs(), &[]), Err(Refusal::Empty));
    }

    #[test]
    fn choose_counts_projects_not_money() {
        let r = Rule {
            min_projects: 2,
            max_projects: 3,
            ..rule(RuleKind::Choose)
        };
        assert!(
            check(&r, 10, &costs(), &ones(&[1, 2, 3])).is_ok(),
            "cost ignored"
        );
        assert_eq!(
            check(&r, 10, &costs(), &ones(&[1, 2, 3, 4])),
            Err(Refusal::TooManyProjects { max: 3 })
        );
        assert_eq!(
            check_checkout(&r, 10, &costs(), &ones(&[1])),
            Err(Refusal::TooFewProjects { min: 2 })
        );
    }

    #[test]
    fn points_add_up_to_at_most_the_allowance() {
        let r = Rule {
            points: 5,
            ..rule(RuleKind::Points)
        };
        let lines = apply(RuleKind::Points, &[], &Change::SetPoints(1, 3)).expect("set");
        let lines = apply(RuleKind::Points, &lines, &Change::SetPoints(2, 2)).expect("set");
        assert_eq!(check(&r, 1, &costs(), &lines).map(|t| t.points), Ok(5));
        let over = apply(RuleKind::Points, &lines, &Change::SetPoints(3, 1)).expect("set");
        assert_eq!(
            check(&r, 1, &costs(), &over),
            Err(Refusal::TooManyPoints { used: 6, max: 5 })
        );
        assert_eq!(
            apply(RuleKind::Points, &lines, &Change::SetPoints(3, -1)),
            Err(Refusal::NotPositive(-1))
        );
        let fewer = apply(RuleKind::Points, &lines, &Change::SetPoints(1, 0)).expect("set");
        assert_eq!(fewer.len(), 1);
    }

    #[test]
    fn rankings_are_one_two_three_and_moves_swap() {
        let r = Rule {
            points: 3,
            ..rule(RuleKind::Ranking)
        };
        let mut lines = Vec::new();
        for id in [3, 1, 2] {
            lines = apply(RuleKind::Ranking, &lines, &Change::Add(id)).expect("add");
        }
        assert!(check(&r, 1, &costs(), &lines).is_ok());
        let first: Vec<i64> = lines.iter().map(|l| l.project_id).collect();
        assert_eq!(first, vec![3, 1, 2]);
        let moved = apply(
            RuleKind::Ranking,
            &lines,
            &Change::Move {
                project_id: 2,
                up: true,
            },
        )
        .expect("move");
        let order: Vec<i64> = moved.iter().map(|l| l.project_id).collect();
        assert_eq!(order, vec![3, 2, 1]);
        let removed = apply(RuleKind::Ranking, &moved, &Change::Remove(3)).expect("remove");
        assert_eq!(
            removed,
            vec![
                Line {
                    project_id: 2,
                    value: 1
                },
                Line {
                    project_id: 1,
                    value: 2
                }
            ]
        );
        let four = apply(RuleKind::Ranking, &lines, &Change::Add(4)).expect("add");
        assert_eq!(
            check(&r, 1, &costs(), &four),
            Err(Refusal::TooManyRanked { max: 3 })
        );
        let gap = vec![
            Line {
                project_id: 1,
                value: 1,
            },
            Line {
                project_id: 2,
                value: 3,
            },
        ];
        assert_eq!(check(&r, 1, &costs(), &gap), Err(Refusal::BadRanking));
    }

    #[test]
    fn approvals_carry_one() {
        let two = vec![Line {
            project_id: 1,
            value: 2,
        }];
        assert_eq!(
            check(&rule(RuleKind::Approval), 1000, &costs(), &two),
            Err(Refusal::WrongShape(RuleKind::Approval))
        );
    }
}

//! The command line: `agora demo | serve | migrate | user | org | member | token | tally`.
//! Every option can also come from an `AGORA_*` environment variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::app::Application;
use crate::config::Config;
use crate::db::{Db, migrate};
use crate::i18n::Locale;
use crate::platform::accounts::{self, NewUser};
use crate::platform::permissions::{OrgRole, SpaceRole};
use crate::platform::secrets::ServerSecret;
use crate::platform::{organizations, sessions, spaces};

#[derive(Parser, Debug)]
#[command(
    name = "agora",
    version,
    about = "agora: participatory democracy and collective decisions"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct DatabaseArg {
    /// sqlite://path.db (created if missing) or postgres://user@host/db
    #[arg(long, env = "AGORA_DATABASE_URL", default_value = "sqlite://agora.db")]
    pub database_url: String,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DatabaseArg,
    /// Address to listen on.
    #[arg(long, env = "AGORA_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Public URL for links in e-mails (default: http://BIND).
    #[arg(long, env = "AGORA_BASE_URL")]
    pub base_url: Option<String>,
    /// SMTP server for e-mail, e.g. smtp://localhost:25; unset: e-mails go to the log.
    #[arg(long, env = "AGORA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Language for visitors without a preference.
    #[arg(long, env = "AGORA_DEFAULT_LOCALE", default_value = "fr")]
    pub default_locale: String,
    /// Milliseconds an anonymous visitor may be served a cached public page (0: off).
    #[arg(long, env = "AGORA_PAGE_CACHE_MS", default_value_t = 1000)]
    pub page_cache_ms: u64,
    /// File holding the server secret (created on first start; keep it outside the database
    /// and its backups: it links voters to their secret ballots).
    #[arg(
        long,
        env = "AGORA_SECRET_KEY_FILE",
        default_value = "agora-secret.key"
    )]
    pub secret_key_file: PathBuf,
    /// Folder where the open-data archives (`/o/SLUG/open-data.zip`) are generated and kept.
    #[arg(long, env = "AGORA_OPEN_DATA_DIR", default_value = "open-data")]
    pub open_data_dir: PathBuf,
    /// Seconds an open-data archive is still served after something happened in the
    /// organisation, before it is regenerated (it is regenerated after an hour in any case).
    #[arg(long, env = "AGORA_OPEN_DATA_REFRESH_SECS", default_value_t = 600)]
    pub open_data_refresh_secs: u64,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create or migrate the database, load demo content if it is empty, and serve.
    Demo(ServeArgs),
    /// Serve a migrated database (production).
    Serve(ServeArgs),
    /// Apply pending database migrations.
    Migrate(DatabaseArg),
    /// Check the action log's hash chain and every support, proposal and comment against it;
    /// exit status 0 only when nothing was altered, inserted or deleted outside agora.
    Verify(DatabaseArg),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage memberships.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Compute the winners of a participatory budget from a Pabulib file.
    Tally {
        /// The .pb file.
        file: PathBuf,
        /// greedy | greedy-no-skip | greedy-threshold | mes | mes-add1 | mes-add1e | mes-add1u |
        /// phragmen | max-supporters | auto (the file's META rule)
        #[arg(long, default_value = "auto")]
        rule: String,
        /// The score (votes, points) a project needs for greedy-threshold, replacing the file's
        /// META min_project_score_threshold.
        #[arg(long)]
        threshold: Option<String>,
        /// Print a JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Count a poll from a JSON ballot file (see crates/agora-tally/POLL_FORMAT.md).
    TallyPoll {
        /// The ballot file.
        file: PathBuf,
        /// Override the file's method: plurality | approval | score | borda | irv | schulze | stv |
        /// majority-judgment | dot-vote | proposal | meeting
        #[arg(long)]
        method: Option<String>,
        /// Print a JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Count a budget from the database with every rule, timing each; `--check FILE.pb`
    /// compares it with the file `agora generate budget` loaded (exported ballots and greedy
    /// winners).
    BudgetResults {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        budget: i64,
        /// The Pabulib file the budget was generated from.
        #[arg(long)]
        check: Option<PathBuf>,
        /// Also count greedy-threshold with this minimum of votes (default: the published
        /// result's threshold, else the --check file's min_project_score_threshold).
        #[arg(long)]
        threshold: Option<i64>,
    },
    /// Export data: `agora export open-data --org SLUG --out FILE`.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Benchmark data (hidden: not for production databases).
    #[command(subcommand, hide = true)]
    Generate(GenerateCommand),
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The open data of an organisation as a ZIP file (CSV files, README, LICENSE, recount
    /// files), with only what anyone may see; see docs/guides/transparency.md.
    OpenData {
        #[command(flatten)]
        db: DatabaseArg,
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// The ZIP file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum GenerateCommand {
    /// An organisation at the scale of Decide Madrid (see docs/PERFORMANCE.md), on a migrated
    /// database; prints `key=value` lines for scripts.
    Madrid {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 1.0: 500,000 people, 30,000 proposals, 250,000 comments, 1,700,000 supports.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// API tokens to create for the first people.
        #[arg(long, default_value_t = 0)]
        tokens: usize,
        /// Where to write those tokens, one a line.
        #[arg(long)]
        tokens_file: Option<PathBuf>,
    },
    /// A budget in its voting phase from a Pabulib file: its projects, and one voter with an
    /// API token per vote of the file (see bench/budgets/); prints `key=value` lines.
    Budget {
        #[command(flatten)]
        db: DatabaseArg,
        /// The .pb file.
        #[arg(long)]
        pb: PathBuf,
        /// The slug of the organisation to create.
        #[arg(long, default_value = "pabulib")]
        org: String,
        /// Voting needs a census verification (every generated voter has one).
        #[arg(long)]
        census: bool,
        /// Secret ballots.
        #[arg(long)]
        secret: bool,
        /// Where to write the voters: one line each, `TOKEN BODY` (the JSON of their ballot).
        #[arg(long)]
        voters_file: Option<PathBuf>,
    },
    /// A group whose members (API tokens) are the eligible voters of one open ranked-choice
    /// poll (Schulze), for the poll benchmark (bench/polls/); prints `key=value` lines.
    Polls {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Members of the group: the poll's eligible voters.
        #[arg(long, default_value_t = 100_000)]
        voters: usize,
        /// The slug of the organisation to create.
        #[arg(long, default_value = "poll-bench")]
        org: String,
        /// Where to write the voters: one line each, `TOKEN BODY` (the JSON of their vote).
        #[arg(long)]
        voters_file: Option<PathBuf>,
        /// Also cast the ballots of the first N members directly in the database (as the vote
        /// path writes them) and close the poll: for the results benchmark (bench/polls/results.sh).
        #[arg(long)]
        ballots: Option<usize>,
    },
    /// One discussion thread with many items (replies and polls started in it), for the thread
    /// page benchmark (bench/threads/); prints `key=value` lines for scripts.
    Thread {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Items in the thread: replies, and two polls.
        #[arg(long, default_value_t = 2000)]
        items: usize,
        /// People who write, react and vote.
        #[arg(long, default_value_t = 50)]
        people: usize,
        /// API tokens to create for the first people (each with a read marker along the thread).
        #[arg(long, default_value_t = 0)]
        tokens: usize,
        /// Where to write those tokens, one a line.
        #[arg(long)]
        tokens_file: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a confirmed account.
    Create {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        email: String,
        #[arg(long, env = "AGORA_USER_PASSWORD")]
        password: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        instance_admin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Create an organisation with a first administrator (who must have an account).
    Create {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin_email: String,
        #[arg(long, default_value = "fr")]
        default_locale: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Add a person to an organisation (and optionally give them a role in one of its spaces).
    Add {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        /// member | admin
        #[arg(long, default_value = "member")]
        role: String,
        /// A space id of this organisation.
        #[arg(long)]
        space: Option<i64>,
        /// member | moderator | collaborator | evaluator | admin
        #[arg(long, default_value = "member")]
        space_role: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a personal API token; it is the last word printed.
    Create {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

/// A failure to report to the operator, with a non-zero exit status.
pub type CliResult = Result<(), String>;

impl ServeArgs {
    fn config(&self) -> Result<Config, String> {
        let default_locale = Locale::parse(&self.default_locale).ok_or_else(|| {
            format!(
                "unknown locale {:?}: use fr, en, es or ca",
                self.default_locale
            )
        })?;
        Ok(Config {
            database_url: self.db.database_url.clone(),
            bind: self.bind.clone(),
            base_url: self
                .base_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.bind))
                .trim_end_matches('/')
                .to_string(),
            smtp_url: self.smtp_url.clone(),
            default_locale,
            auth_attempts_per_window: 10,
            auth_attempts_per_ip_window: 100,
            page_cache_ms: self.page_cache_ms,
            // Read from its file only once the database is known to be usable (see `run`).
            secret: crate::platform::secrets::ServerSecret::random(),
            open_data_dir: self.open_data_dir.clone(),
            open_data_refresh: std::time::Duration::from_secs(self.open_data_refresh_secs),
        })
    }
}

async fn open(url: &str) -> Result<Db, String> {
    Db::connect(url).await.map_err(|e| e.to_string())
}

async fn open_migrated(url: &str) -> Result<Db, String> {
    let db = open(url).await?;
    match migrate::status(&db).await.map_err(|e| e.to_string())? {
        migrate::Status::UpToDate => Ok(db),
        migrate::Status::Pending { applied, known } => Err(format!(
            "the database at {url} is not migrated ({applied} of {known} migrations applied): \
             run `agora migrate --database-url {url}` first"
        )),
        migrate::Status::Newer => Err(format!(
            "the database at {url} was migrated by a newer agora: upgrade this binary"
        )),
    }
}

/// The step after the SQL migrations: what Rust must compute. Today, the search index of
/// proposals indexed by an older tokenizer (or never: existing proposals after migration 8).
/// Idempotent: a second run finds nothing to do.
async fn reindex(db: &Db) -> Result<usize, String> {
    crate::components::proposals::search::backfill(db)
        .await
        .map_err(|e| format!("search index: {e}"))
}

/// Runs a command.
pub async fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Demo(args) => {
            let mut config = args.config()?;
            let db = open(&config.database_url).await?;
            migrate::run(&db)
                .await
                .map_err(|e| format!("migration failed: {e}"))?;
            reindex(&db).await?;
            crate::demo::load_if_empty(&db)
                .await
                .map_err(|e| format!("demo data: {e}"))?;
            config.secret = ServerSecret::load_or_create(&args.secret_key_file)?;
            serve(config, db).await
        }
        Command::Serve(args) => {
            let mut config = args.config()?;
            let db = open_migrated(&config.database_url).await?;
            config.secret = ServerSecret::load_or_create(&args.secret_key_file)?;
            serve(config, db).await
        }
        Command::Migrate(db) => {
            let pool = open(&db.database_url).await?;
            let ran = migrate::run(&pool)
                .await
                .map_err(|e| format!("migration failed: {e}"))?;
            let indexed = reindex(&pool).await?;
            println!("{ran} migration(s) applied; the database is up to date");
            if indexed > 0 {
                println!("{indexed} proposal(s) indexed for search");
            }
            Ok(())
        }
        Command::Verify(db) => {
            let db = open_migrated(&db.database_url).await?;
            let report = crate::platform::action_log::verify(&db)
                .await
                .map_err(|e| format!("verification failed: {e}"))?;
            for problem in &report.problems {
                println!("{problem}");
            }
            println!(
                "{} log entries, chain head {}; {} records checked",
                report.entries, report.head_hash, report.records
            );
            if report.intact() {
                println!("intact");
                Ok(())
            } else {
                Err(format!(
                    "{} problem(s) found: the database was changed outside agora",
                    report.problems.len()
                ))
            }
        }
        Command::User(UserCommand::Create {
            db,
            email,
            password,
            name,
            instance_admin,
        }) => {
            let db = open_migrated(&db.database_url).await?;
            let email = email.trim();
            if !email.contains('@') || password.chars().count() < 8 {
                return Err(
                    "an e-mail address and a password of at least 8 characters are needed".into(),
                );
            }
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
            let user = accounts::create_user(
                &db,
                NewUser {
                    email,
                    name: &name,
                    password: &password,
                    instance_admin,
                    confirmed: true,
                    locale: None,
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "created user {} <{}> (id {})",
                user.name, user.email, user.id
            );
            Ok(())
        }
        Command::Org(OrgCommand::Create {
            db,
            slug,
            name,
            admin_email,
            default_locale,
        }) => {
            let db = open_migrated(&db.database_url).await?;
            let locale =
                Locale::parse(&default_locale).ok_or("unknown locale: use fr, en, es or ca")?;
            let admin = find_user(&db, &admin_email).await?;
            let org = organizations::create(&db, &slug, &name, "", locale)
                .await
                .map_err(|e| e.to_string())?;
            organizations::set_member(&db, org.id, admin.id, OrgRole::Admin)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "created organisation {} ({}) administered by {}",
                org.name, org.slug, admin.email
            );
            Ok(())
        }
        Command::Member(MemberCommand::Add {
            db,
            org,
            email,
            role,
            space,
            space_role,
        }) => {
            let db = open_migrated(&db.database_url).await?;
            let role = OrgRole::parse(&role).ok_or("--role must be member or admin")?;
            let organization = organizations::find_by_slug(&db, &org)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no organisation with slug {org:?}"))?;
            let user = find_user(&db, &email).await?;
            // Check everything before changing anything: bad input changes nothing.
            let space_and_role = match space {
                Some(space_id) => {
                    let space_role = SpaceRole::parse(&space_role).ok_or(
                        "--space-role must be member, moderator, collaborator, evaluator or admin",
                    )?;
                    let space = spaces::find(&db, space_id)
                        .await
                        .map_err(|e| e.to_string())?
                        .filter(|s| s.organization_id == organization.id)
                        .ok_or_else(|| format!("organisation {org:?} has no space {space_id}"))?;
                    Some((space, space_role))
                }
                None => None,
            };
            // An existing member's role changes through the guarded path: never orphan the organisation.
            match organizations::members::change_role(&db, organization.id, user.id, role, None)
                .await
                .map_err(|e| e.to_string())?
            {
                organizations::members::Change::Done => {}
                organizations::members::Change::NotAMember => {
                    organizations::set_member(&db, organization.id, user.id, role)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                organizations::members::Change::LastAdmin => {
                    return Err(format!(
                        "{} is the only administrator of {}: make someone else administrator first",
                        user.email, organization.slug
                    ));
                }
            }
            if let Some((space, space_role)) = space_and_role {
                spaces::set_member(&db, space.id, user.id, space_role)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            println!(
                "{} is now {} of {}",
                user.email,
                role.as_str(),
                organization.slug
            );
            Ok(())
        }
        Command::Token(TokenCommand::Create { db, email, name }) => {
            let db = open_migrated(&db.database_url).await?;
            let user = find_user(&db, &email).await?;
            let token = sessions::create_api_token(&db, user.id, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!("API token for {}: {token}", user.email);
            Ok(())
        }
        Command::Generate(GenerateCommand::Madrid {
            db,
            seed,
            scale,
            tokens,
            tokens_file,
        }) => {
            if !(scale > 0.0 && scale <= 10.0) {
                return Err("--scale must be above 0 and at most 10".into());
            }
            let db = open_migrated(&db.database_url).await?;
            let options = crate::generate::Options {
                seed,
                scale,
                tokens,
            };
            let summary = crate::generate::madrid(&db, &options)
                .await
                .map_err(|e| format!("generation failed: {e}"))?;
            if let Some(path) = tokens_file {
                let mut text = summary.tokens.join("\n");
                text.push('\n');
                std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            println!("organization_id={}", summary.organization_id);
            println!("space_id={}", summary.space_id);
            println!("component_id={}", summary.component_id);
            println!("users={}", summary.users);
            println!("proposals={}", summary.proposals);
            println!("comments={}", summary.comments);
            println!("supports={}", summary.supports);
            println!("big_thread_proposal={}", summary.big_thread_proposal);
            println!("big_thread_comments={}", summary.big_thread_comments);
            println!("thread_proposal={}", summary.thread_proposal);
            println!("thread_comments={}", summary.thread_comments);
            for (step, seconds) in &summary.timings {
                println!("seconds_{}={seconds:.1}", step.replace(' ', "_"));
            }
            Ok(())
        }
        Command::Generate(GenerateCommand::Budget {
            db,
            pb,
            org,
            census,
            secret,
            voters_file,
        }) => {
            let text = std::fs::read_to_string(&pb)
                .map_err(|e| format!("cannot read {}: {e}", pb.display()))?;
            let db = open_migrated(&db.database_url).await?;
            let options = crate::generate_budget::Options {
                org,
                census,
                secret,
            };
            let summary = crate::generate_budget::budget(&db, &text, &options)
                .await
                .map_err(|e| format!("generation failed: {e}"))?;
            if let Some(path) = voters_file {
                write_voters(&path, &summary.voters)?;
            }
            println!("organization_id={}", summary.organization_id);
            println!("space_id={}", summary.space_id);
            println!("component_id={}", summary.component_id);
            println!("budget_id={}", summary.budget_id);
            println!("projects={}", summary.project_ids.len());
            println!("voters={}", summary.voters.len());
            println!("rule={}", summary.rule.kind.as_str());
            for (step, seconds) in &summary.timings {
                println!("seconds_{step}={seconds:.1}");
            }
            Ok(())
        }
        Command::BudgetResults {
            db,
            budget,
            check,
            threshold,
        } => {
            let text = check
                .map(|path| {
                    std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))
                })
                .transpose()?;
            let db = open_migrated(&db.database_url).await?;
            let report =
                crate::cli_budget_results::run(&db, budget, text.as_deref(), threshold).await?;
            crate::cli_budget_results::print(&report);
            match &report.check {
                Some(check) if !check.passed() => Err("the check failed".into()),
                _ => Ok(()),
            }
        }
        Command::Generate(GenerateCommand::Polls {
            db,
            seed,
            voters,
            org,
            voters_file,
            ballots,
        }) => {
            if !(1..=10_000_000).contains(&voters) {
                return Err("--voters must be 1 to 10000000".into());
            }
            if ballots.is_some_and(|b| b > voters) {
                return Err("--ballots must be at most --voters".into());
            }
            let db = open_migrated(&db.database_url).await?;
            let mut summary = crate::generate_polls::polls(&db, &org, voters, seed)
                .await
                .map_err(|e| format!("generation failed: {e}"))?;
            if let Some(ballots) = ballots {
                let steps = crate::generate_polls::cast_and_close(&db, &summary, ballots)
                    .await
                    .map_err(|e| format!("casting ballots failed: {e}"))?;
                summary.timings.extend(steps);
                println!("ballots={ballots}");
            }
            if let Some(path) = voters_file {
                write_voters(&path, &summary.voters)?;
            }
            println!("organization_id={}", summary.organization_id);
            println!("space_id={}", summary.space_id);
            println!("component_id={}", summary.component_id);
            println!("poll_id={}", summary.poll_id);
            println!("options={}", summary.options);
            println!("voters={}", summary.voters.len());
            for (step, seconds) in &summary.timings {
                println!("seconds_{step}={seconds:.1}");
            }
            Ok(())
        }
        Command::Generate(GenerateCommand::Thread {
            db,
            seed,
            items,
            people,
            tokens,
            tokens_file,
        }) => {
            if !(3..=100_000).contains(&items) || tokens > people {
                return Err("--items must be 3 to 100000, --tokens at most --people".into());
            }
            let db = open_migrated(&db.database_url).await?;
            let summary = crate::generate_thread::thread(&db, items, people, tokens, seed)
                .await
                .map_err(|e| format!("generation failed: {e}"))?;
            if let Some(path) = tokens_file {
                let mut text = summary.tokens.join("\n");
                text.push('\n');
                std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            println!("component_id={}", summary.component_id);
            println!("thread_id={}", summary.thread_id);
            println!("replies={}", summary.replies);
            println!("polls={}", summary.polls);
            println!("reactions={}", summary.reactions);
            Ok(())
        }
        Command::Export(ExportCommand::OpenData { db, org, out }) => {
            let db = open_migrated(&db.database_url).await?;
            let organization = organizations::find_by_slug(&db, &org)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no organisation with slug {org:?}"))?;
            let license = crate::platform::open_data::license(&db, organization.id)
                .await
                .map_err(|e| e.to_string())?;
            // Written next to the target and renamed: a failed export leaves no half file.
            let tmp = out.with_extension("zip.partial");
            let started = std::time::Instant::now();
            let summary =
                crate::platform::open_data::export::write_zip(&db, &organization, license, &tmp)
                    .await
                    .map_err(|e| {
                        let _ = std::fs::remove_file(&tmp);
                        format!("export failed: {e}")
                    })?;
            std::fs::rename(&tmp, &out)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            for (file, rows) in &summary.rows {
                println!("{file}: {rows} rows");
            }
            println!("recount files: {}", summary.recount_files);
            println!(
                "wrote {} in {:.1} s",
                out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Tally {
            file,
            rule,
            threshold,
            json,
        } => crate::cli_tally::run(&file, &rule, threshold.as_deref(), json),
        Command::TallyPoll { file, method, json } => {
            crate::cli_tally::run_poll(&file, method.as_deref(), json)
        }
    }
}

/// Writes generated voters, one a line: `TOKEN BODY` (bench scripts read it).
fn write_voters(path: &std::path::Path, voters: &[(String, String)]) -> Result<(), String> {
    let mut out = String::with_capacity(voters.len() * 120);
    for (token, body) in voters {
        out.push_str(token);
        out.push(' ');
        out.push_str(body);
        out.push('\n');
    }
    std::fs::write(path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

async fn find_user(db: &Db, email: &str) -> Result<accounts::User, String> {
    accounts::find_by_email(db, email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!("no account with e-mail {email:?}: create it with `agora user create`")
        })
}

async fn serve(config: Config, db: Db) -> CliResult {
    let app = Application::build(config.clone(), db)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = app.local_addr();
    // Proposals written without the search index (an older tokenizer, or bulk loads such as
    // the benchmark generator) are indexed in the background; `agora migrate` does it upfront.
    let db = app.state.db.clone();
    tokio::spawn(async move {
        match crate::components::proposals::search::backfill(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(proposals = n, "search index: proposals indexed"),
            Err(e) => tracing::error!(error = %e, "search index: backfill failed"),
        }
    });
    tracing::info!(%addr, "agora is listening");
    println!("agora is running at http://{addr}/ (Ctrl-C to stop)");
    app.run().await.map_err(|e| e.to_string())
}

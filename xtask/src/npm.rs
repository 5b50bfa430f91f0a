//! The repository's npm projects: the lockfile guard that `cargo xtask test` runs
//! first, the drift warning, and `npm ci` of each project when its install is stale.
//!
//! The guard is offline and deterministic: it reads each project's `package.json` and
//! `package-lock.json` and fails, naming the project, when
//! - the lockfile is missing, or not a v2/v3 lockfile (no `packages` map);
//! - the lockfile's root entry does not list exactly the dependencies of `package.json`;
//! - a dependency of any locked package (the root included) is missing from the lock,
//!   or is locked at a version its range does not allow. A missing optional
//!   dependency is named as such: it is the per-platform package that a lock written
//!   on one machine may leave out, which `npm ci` on another machine then refuses.
//!
//! Drift (what today's registry would change in a lockfile) needs the network, so it
//! is only a warning: [`drift`] asks `npm install --package-lock-only` in a scratch
//! copy and names the command that regenerates the lockfile.

use crate::json::{self, Json};
use crate::proc::{self, say};
use crate::semver::{Range, Version};
use crate::Result;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

/// The dependency maps of a `package.json` (and of a lockfile's root entry).
const DEPENDENCY_MAPS: [&str; 4] = [
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
];

/// Directories never searched for npm projects.
const SKIPPED_DIRS: [&str; 5] = ["node_modules", "target", "pkg", ".git", ".cargo"];

/// Every npm project of the repository that declares dependencies, as paths relative
/// to the root (`e2e`, `runtimes`, …), sorted. Projects without dependencies need no
/// lockfile and are left out.
pub fn projects() -> Result<Vec<String>> {
    let mut found = Vec::new();
    collect_projects(proc::root(), "", &mut found)?;
    found.sort();
    Ok(found)
}

fn collect_projects(dir: &Path, relative: &str, found: &mut Vec<String>) -> Result<()> {
    let manifest = dir.join("package.json");
    if !relative.is_empty() && manifest.is_file() && declares_dependencies(&read_json(&manifest)?) {
        found.push(relative.to_string());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if SKIPPED_DIRS.contains(&name.as_str()) || !entry.path().is_dir() {
            continue;
        }
        let child = if relative.is_empty() {
            name
        } else {
            format!("{relative}/{name}")
        };
        collect_projects(&entry.path(), &child, found)?;
    }
    Ok(())
}

fn declares_dependencies(manifest: &Json) -> bool {
    DEPENDENCY_MAPS.iter().any(|map| {
        manifest
            .get(map)
            .is_some_and(|deps| !deps.members().is_empty())
    })
}

fn read_json(path: &Path) -> Result<Json> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("reading {}: {err}", path.display()))?;
    json::parse(&text).map_err(|err| format!("{}: {err}", path.display()))
}

/// The guard: checks every project's lockfile against its `package.json` and against
/// itself; one error naming every inconsistent project and what is wrong.
pub fn guard() -> Result<()> {
    let mut problems = Vec::new();
    let mut failing = Vec::new();
    let projects = projects()?;
    for project in &projects {
        let before = problems.len();
        let dir = proc::root().join(project);
        let lock_path = dir.join("package-lock.json");
        if !lock_path.is_file() {
            problems.push(format!("{project}/package-lock.json is missing"));
            failing.push(regenerate_command(project));
            continue;
        }
        let manifest = read_json(&dir.join("package.json"))?;
        let lock = read_json(&lock_path)?;
        for problem in check_lock(&manifest, &lock) {
            problems.push(format!("{project}/package-lock.json: {problem}"));
        }
        if problems.len() > before {
            failing.push(regenerate_command(project));
        }
    }
    if problems.is_empty() {
        say(&format!(
            "lockfiles: {} npm projects ({}) match their package.json and are complete",
            projects.len(),
            projects.join(", ")
        ));
        return Ok(());
    }
    Err(format!(
        "the npm lockfiles are inconsistent, so `npm ci` would refuse them on a fresh \
         machine:\n  {}\nFix package.json or regenerate the lockfile ({}), then commit it",
        problems.join("\n  "),
        failing.join(", ")
    ))
}

/// The command that rewrites a project's lockfile from its `package.json`.
pub fn regenerate_command(project: &str) -> String {
    format!("`npm install --package-lock-only --no-audit --no-fund --prefix {project}`")
}

/// Everything wrong with `lock` as the lockfile of `manifest` (empty when consistent).
pub fn check_lock(manifest: &Json, lock: &Json) -> Vec<String> {
    let mut problems = Vec::new();
    let version = lock.get("lockfileVersion").and_then(|v| match v {
        Json::Number(n) => n.parse::<u32>().ok(),
        _ => None,
    });
    let Some(packages) = lock.get("packages").filter(|_| version.unwrap_or(0) >= 2) else {
        return vec!["not a lockfile of version 2 or 3 (no `packages` map)".to_string()];
    };
    let root = packages
        .get("")
        .cloned()
        .unwrap_or(Json::Object(Vec::new()));
    for map in DEPENDENCY_MAPS {
        let wanted = manifest.get(map).map(Json::members).unwrap_or_default();
        let locked = root.get(map).map(Json::members).unwrap_or_default();
        for (name, spec) in wanted {
            match locked.iter().find(|(n, _)| n == name) {
                None => problems.push(format!(
                    "package.json has {map}.{name} ({}) but the lockfile does not",
                    spec.as_str().unwrap_or("?")
                )),
                Some((_, locked_spec)) if locked_spec != spec => problems.push(format!(
                    "{map}.{name} is {} in package.json but {} in the lockfile",
                    spec.as_str().unwrap_or("?"),
                    locked_spec.as_str().unwrap_or("?")
                )),
                Some(_) => {}
            }
        }
        for (name, _) in locked {
            if !wanted.iter().any(|(n, _)| n == name) {
                problems.push(format!(
                    "the lockfile has {map}.{name} but package.json does not"
                ));
            }
        }
    }
    for (location, entry) in packages.members() {
        if entry.get("link").is_some_and(Json::is_true)
            || entry.get("extraneous").is_some_and(Json::is_true)
        {
            continue;
        }
        let who = if location.is_empty() {
            "package.json".to_string()
        } else {
            package_name(location, entry)
        };
        let optional_peers: Vec<&str> = entry
            .get("peerDependenciesMeta")
            .map(Json::members)
            .unwrap_or_default()
            .iter()
            .filter(|(_, meta)| meta.get("optional").is_some_and(Json::is_true))
            .map(|(name, _)| name.as_str())
            .collect();
        let edges = [
            ("dependencies", "dependency"),
            ("devDependencies", "dev dependency"),
            ("optionalDependencies", "optional platform package"),
            ("peerDependencies", "peer dependency"),
        ];
        for (map, what) in edges {
            if map == "devDependencies" && !location.is_empty() {
                continue; // a dependency's own dev dependencies are never installed
            }
            for (name, spec) in entry.get(map).map(Json::members).unwrap_or_default() {
                let spec = spec.as_str().unwrap_or("");
                match resolve(packages, location, name) {
                    None if map == "peerDependencies"
                        && optional_peers.contains(&name.as_str()) => {}
                    None => problems.push(format!(
                        "misses the {what} {name} ({spec}) that {who} declares"
                    )),
                    Some((found_at, found)) => {
                        if let Some(problem) = version_mismatch(found, spec) {
                            problems.push(format!(
                                "{who} needs {name} {spec}, but {found_at} is locked at {problem}"
                            ));
                        }
                    }
                }
            }
        }
    }
    problems
}

/// A locked package's name: its `name` member (aliases), else the last path part.
fn package_name(location: &str, entry: &Json) -> String {
    if let Some(name) = entry.get("name").and_then(Json::as_str) {
        return name.to_string();
    }
    location
        .rsplit_once("node_modules/")
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| location.to_string())
}

/// Node's module resolution inside the lock: `name` as seen from the package at
/// `from` (its own `node_modules`, then each parent's, up to the root's).
fn resolve<'a>(packages: &'a Json, from: &str, name: &str) -> Option<(String, &'a Json)> {
    let mut base = from.to_string();
    loop {
        let candidate = if base.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{base}/node_modules/{name}")
        };
        if let Some(entry) = packages.get(&candidate) {
            return Some((candidate, entry));
        }
        if base.is_empty() {
            return None;
        }
        base = match base.rfind("/node_modules/") {
            Some(at) => base[..at].to_string(),
            None => String::new(),
        };
    }
}

/// `Some(locked version)` when the locked entry's version does not satisfy `spec`;
/// specs that are not version ranges (tags, URLs, paths) are not judged.
fn version_mismatch(entry: &Json, spec: &str) -> Option<String> {
    let locked = entry.get("version").and_then(Json::as_str)?;
    let range_text = match spec.strip_prefix("npm:") {
        Some(alias) => alias
            .rsplit_once('@')
            .map(|(_, range)| range)
            .unwrap_or("*"),
        None => spec,
    };
    let range = Range::parse(range_text)?;
    let version = Version::parse(locked)?;
    (!range.satisfies(&version)).then(|| locked.to_string())
}

/// The drift check: for each project, would `npm install --package-lock-only` against
/// today's registry rewrite the lockfile? Needs the network; runs the projects at
/// once, each bounded in time. Returns one warning per drifting project (and one per
/// project it could not check), never an error.
pub fn drift() -> Vec<String> {
    let projects = match projects() {
        Ok(projects) => projects,
        Err(err) => return vec![format!("could not list the npm projects: {err}")],
    };
    let handles: Vec<_> = projects
        .into_iter()
        .map(|project| std::thread::spawn(move || drift_of(&project)))
        .collect();
    handles
        .into_iter()
        .filter_map(|handle| handle.join().unwrap_or(None))
        .collect()
}

/// How long one project's drift check may take.
const DRIFT_TIMEOUT: Duration = Duration::from_secs(90);

fn drift_of(project: &str) -> Option<String> {
    let source = proc::root().join(project);
    let scratch = proc::target_dir()
        .join("xtask")
        .join("lock-drift")
        .join(project.replace('/', "_"));
    let _ = std::fs::remove_dir_all(&scratch);
    let copied = std::fs::create_dir_all(&scratch).is_ok()
        && ["package.json", "package-lock.json"]
            .iter()
            .all(|file| std::fs::copy(source.join(file), scratch.join(file)).is_ok());
    if !copied {
        return Some(format!(
            "could not copy {project}'s lockfile to check it for drift"
        ));
    }
    let mut cmd = proc::command("npm");
    cmd.current_dir(&scratch)
        .args([
            "install",
            "--package-lock-only",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let outcome = proc::run_with_timeout(&mut cmd, DRIFT_TIMEOUT);
    let result = match outcome {
        Ok(true) => {
            let before = std::fs::read(source.join("package-lock.json")).ok();
            let after = std::fs::read(scratch.join("package-lock.json")).ok();
            (before != after).then(|| {
                format!(
                    "{project}/package-lock.json drifts from what the npm registry serves \
                     today (npm would rewrite it); regenerate it with {}, review and commit it",
                    regenerate_command(project)
                )
            })
        }
        Ok(false) => Some(format!(
            "could not check {project}/package-lock.json for drift \
             (npm failed; is the registry reachable?)"
        )),
        Err(err) => Some(format!(
            "could not check {project}/package-lock.json for drift ({err})"
        )),
    };
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Installs a project's `node_modules` with `npm ci` from its committed lockfile when
/// nothing is installed yet, the lockfile is newer than the install, or one of `bins`
/// is missing from `node_modules/.bin`. `npm ci` never writes the lockfile.
pub fn ensure_installed(project: &str, bins: &[&str]) -> Result<()> {
    let dir = proc::root().join(project);
    let lock = modified(&dir.join("package-lock.json")).ok_or_else(|| {
        format!(
            "{project}/package-lock.json is missing (create it with {})",
            regenerate_command(project)
        )
    })?;
    let installed = modified(&dir.join("node_modules").join(".package-lock.json"));
    let bin_dir = dir.join("node_modules").join(".bin");
    let complete = bins.iter().all(|bin| bin_dir.join(bin).exists());
    if complete && !needs_install(installed, Some(lock)) {
        return Ok(());
    }
    say(&format!(
        "installing {project}/node_modules (npm ci --prefix {project})"
    ));
    proc::run(proc::command("npm").args(["ci", "--prefix", project, "--no-audit", "--no-fund"]))
        .map_err(|err| format!("{err}; Node.js 20+ with npm is required"))?;
    match bins.iter().find(|bin| !bin_dir.join(bin).exists()) {
        None => Ok(()),
        Some(bin) => Err(format!(
            "npm ci finished but {project}/node_modules/.bin/{bin} is missing"
        )),
    }
}

/// Whether `npm ci` must run: nothing installed yet, or the lockfile is newer than
/// the install (npm writes `node_modules/.package-lock.json` on every install).
pub fn needs_install(installed: Option<SystemTime>, lock: Option<SystemTime>) -> bool {
    match (installed, lock) {
        (None, _) => true,
        (Some(installed), Some(lock)) => installed < lock,
        (Some(_), None) => false,
    }
}

/// The modification time of `path`, if it exists.
pub fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok()
}

/// Runs the guard and times it (the first step of `cargo xtask test`).
pub fn guard_step() -> Result<()> {
    let start = Instant::now();
    guard()?;
    say(&format!("ok ({})", proc::elapsed(start)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        json::parse(text).unwrap()
    }

    const MANIFEST: &str = r#"{"name":"p","devDependencies":{"a":"1.2.3","b":"^2.0.0"}}"#;

    fn lock(a_version: &str, extra: &str) -> Json {
        parse(&format!(
            r#"{{"name":"p","lockfileVersion":3,"packages":{{
                "":{{"name":"p","devDependencies":{{"a":"1.2.3","b":"^2.0.0"}}}},
                "node_modules/a":{{"version":"{a_version}","dev":true,
                    "dependencies":{{"c":"~1.0.0"}},
                    "optionalDependencies":{{"@a/linux-x64":"1.2.3","@a/darwin-arm64":"1.2.3"}}}},
                "node_modules/a/node_modules/c":{{"version":"1.0.5"}},
                "node_modules/c":{{"version":"2.0.0"}},
                "node_modules/@a/linux-x64":{{"version":"1.2.3","optional":true}},
                "node_modules/b":{{"version":"2.4.0","peerDependencies":{{"d":"*"}},
                    "peerDependenciesMeta":{{"d":{{"optional":true}}}}}}
                {extra}}}}}"#
        ))
    }

    const DARWIN: &str = r#","node_modules/@a/darwin-arm64":{"version":"1.2.3","optional":true}"#;

    #[test]
    fn a_complete_consistent_lock_passes() {
        assert_eq!(
            check_lock(&parse(MANIFEST), &lock("1.2.3", DARWIN)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_missing_optional_platform_package_is_named() {
        let problems = check_lock(&parse(MANIFEST), &lock("1.2.3", ""));
        assert_eq!(
            problems,
            ["misses the optional platform package @a/darwin-arm64 (1.2.3) that a declares"]
        );
    }

    #[test]
    fn a_hand_edited_version_is_caught() {
        let problems = check_lock(&parse(MANIFEST), &lock("1.2.4", DARWIN));
        assert_eq!(
            problems,
            ["package.json needs a 1.2.3, but node_modules/a is locked at 1.2.4"]
        );
        let edited = parse(&MANIFEST.replace("\"1.2.3\"", "\"1.2.9\""));
        let problems = check_lock(&edited, &lock("1.2.3", DARWIN));
        assert!(
            problems.contains(
                &"devDependencies.a is 1.2.9 in package.json but 1.2.3 in the lockfile".to_string()
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn nested_packages_resolve_like_node() {
        // `a` needs c ~1.0.0: its own nested copy (1.0.5) wins over the root's 2.0.0.
        let lock = lock("1.2.3", DARWIN);
        let packages = lock.get("packages").unwrap();
        let (at, _) = resolve(packages, "node_modules/a", "c").unwrap();
        assert_eq!(at, "node_modules/a/node_modules/c");
        let (at, _) = resolve(packages, "node_modules/b", "c").unwrap();
        assert_eq!(at, "node_modules/c");
        assert!(resolve(packages, "", "zzz").is_none());
    }

    #[test]
    fn manifest_and_root_entry_must_list_the_same_dependencies() {
        let manifest = parse(r#"{"devDependencies":{"a":"1.2.3"},"dependencies":{"e":"1"}}"#);
        let problems = check_lock(&manifest, &lock("1.2.3", DARWIN));
        assert!(
            problems
                .iter()
                .any(|p| p == "package.json has dependencies.e (1) but the lockfile does not"),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p == "the lockfile has devDependencies.b but package.json does not"),
            "{problems:?}"
        );
        let old = parse(r#"{"lockfileVersion":1,"dependencies":{}}"#);
        assert_eq!(check_lock(&manifest, &old).len(), 1);
    }

    #[test]
    fn install_when_missing_or_older_than_the_lockfile() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let t1 = t0 + Duration::from_secs(1);
        assert!(needs_install(None, Some(t0)));
        assert!(needs_install(None, None));
        assert!(needs_install(Some(t0), Some(t1)), "lockfile changed since");
        assert!(!needs_install(Some(t1), Some(t0)));
        assert!(!needs_install(Some(t0), Some(t0)));
        assert!(!needs_install(Some(t0), None));
    }

    #[test]
    fn the_repository_lockfiles_pass_the_guard() {
        let projects = projects().unwrap();
        for expected in ["bench", "e2e", "runtimes", "tools"] {
            assert!(projects.iter().any(|p| p == expected), "{projects:?}");
        }
        guard().unwrap();
    }
}

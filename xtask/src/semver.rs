//! npm's version ranges (node-semver), enough to tell whether a locked version
//! satisfies the range that asks for it: `^`, `~`, `x`-ranges, partial versions,
//! comparators, hyphen ranges, `||`, and the rule that a prerelease only matches a
//! range that names a prerelease of the same `major.minor.patch`.

use std::cmp::Ordering;

/// A full version, `major.minor.patch[-prerelease]` (build metadata dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: Vec<String>,
}

impl Version {
    /// Parses `1.2.3`, `v1.2.3-beta.1+build`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let partial = Partial::parse(text)?;
        match partial {
            Partial {
                major: Some(major),
                minor: Some(minor),
                patch: Some(patch),
                pre,
            } => Some(Self {
                major,
                minor,
                patch,
                pre,
            }),
            _ => None,
        }
    }

    fn release(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
            pre: Vec::new(),
        }
    }

    /// `major.minor.patch-0`: the lowest version of that release, below its prereleases.
    fn floor(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
            pre: vec!["0".to_string()],
        }
    }

    fn same_release(&self, other: &Self) -> bool {
        (self.major, self.minor, self.patch) == (other.major, other.minor, other.patch)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_pre(&self.pre, &other.pre),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Prerelease precedence: numeric identifiers numerically and below alphanumeric ones,
/// alphanumeric ones by text, and a shorter list first when all else is equal.
fn compare_pre(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// A version that may stop early or hold wildcards (`1`, `1.2`, `1.x`, `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Partial {
    major: Option<u64>,
    minor: Option<u64>,
    patch: Option<u64>,
    pre: Vec<String>,
}

impl Partial {
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let text = text.strip_prefix('=').unwrap_or(text);
        let text = text.split('+').next().unwrap_or(text);
        let (numbers, pre) = match text.split_once('-') {
            Some((numbers, pre)) => (numbers, pre.split('.').map(str::to_string).collect()),
            None => (text, Vec::new()),
        };
        let mut parts = numbers.split('.');
        let mut next = || -> Option<Option<u64>> {
            match parts.next() {
                None => Some(None),
                Some("x" | "X" | "*") => Some(None),
                Some(digits) => digits.parse().ok().map(Some),
            }
        };
        let major = next()?;
        let minor = next()?;
        let patch = next()?;
        if parts.next().is_some() {
            return None;
        }
        // A wildcard ends the version: `1.x.3` reads as `1.x`.
        let minor = major.and(minor);
        let patch = minor.and(patch);
        Some(Self {
            major,
            minor,
            patch,
            pre,
        })
    }

    /// The lowest version this partial covers.
    fn low(&self) -> Version {
        Version {
            major: self.major.unwrap_or(0),
            minor: self.minor.unwrap_or(0),
            patch: self.patch.unwrap_or(0),
            pre: self.pre.clone(),
        }
    }

    /// The first version above everything this partial covers (`None`: no bound).
    fn above(&self) -> Option<Version> {
        match (self.major, self.minor, self.patch) {
            (None, _, _) => None,
            (Some(major), None, _) => Some(Version::floor(major + 1, 0, 0)),
            (Some(major), Some(minor), None) => Some(Version::floor(major, minor + 1, 0)),
            (Some(_), Some(_), Some(_)) => None,
        }
    }

    fn is_full(&self) -> bool {
        self.patch.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

/// One comparator, e.g. `>=1.2.3`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Comparator {
    op: Op,
    version: Version,
}

impl Comparator {
    fn test(&self, version: &Version) -> bool {
        let order = version.cmp(&self.version);
        match self.op {
            Op::Lt => order == Ordering::Less,
            Op::Le => order != Ordering::Greater,
            Op::Gt => order == Ordering::Greater,
            Op::Ge => order != Ordering::Less,
            Op::Eq => order == Ordering::Equal,
        }
    }
}

/// A range: alternatives (`||`), each a set of comparators that must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    sets: Vec<Vec<Comparator>>,
}

impl Range {
    /// Parses an npm range; `None` for specs that are not ranges (tags, URLs, paths).
    pub fn parse(text: &str) -> Option<Self> {
        let sets = text
            .split("||")
            .map(parse_set)
            .collect::<Option<Vec<_>>>()?;
        Some(Self { sets })
    }

    /// Whether `version` satisfies the range.
    pub fn satisfies(&self, version: &Version) -> bool {
        self.sets.iter().any(|set| {
            set.iter().all(|c| c.test(version))
                && (version.pre.is_empty()
                    || set
                        .iter()
                        .any(|c| !c.version.pre.is_empty() && c.version.same_release(version)))
        })
    }
}

fn ge(version: Version) -> Comparator {
    Comparator {
        op: Op::Ge,
        version,
    }
}

fn lt(version: Version) -> Comparator {
    Comparator {
        op: Op::Lt,
        version,
    }
}

/// One `||` alternative: space-separated comparators, or a hyphen range.
fn parse_set(text: &str) -> Option<Vec<Comparator>> {
    let text = text.trim();
    if let Some((from, to)) = text.split_once(" - ") {
        let from = Partial::parse(from)?;
        let to = Partial::parse(to)?;
        let mut set = vec![ge(from.low())];
        if to.is_full() {
            set.push(Comparator {
                op: Op::Le,
                version: to.low(),
            });
        } else if let Some(above) = to.above() {
            set.push(lt(above));
        }
        return Some(set);
    }
    // Operators may be separated from their version by spaces (`>= 1.2.3`).
    let mut tokens: Vec<String> = Vec::new();
    let mut pending = String::new();
    for word in text.split_whitespace() {
        if word.chars().all(|c| "<>=~^".contains(c)) {
            pending.push_str(word);
        } else {
            tokens.push(format!("{pending}{word}"));
            pending.clear();
        }
    }
    if !pending.is_empty() {
        return None;
    }
    let mut set = Vec::new();
    for token in tokens {
        set.extend(parse_comparator(&token)?);
    }
    Some(set)
}

/// One token (`^1.2`, `>=1.0.0`, `1.x`) as the comparators it stands for.
fn parse_comparator(token: &str) -> Option<Vec<Comparator>> {
    let (op, rest) = ["<=", ">=", "<", ">", "=", "^", "~>", "~"]
        .iter()
        .find_map(|op| token.strip_prefix(op).map(|rest| (*op, rest)))
        .unwrap_or(("", token));
    let partial = Partial::parse(rest)?;
    let low = partial.low();
    let set = match op {
        "^" => {
            let above = match (partial.major, partial.minor, partial.patch) {
                (None, _, _) => None,
                (Some(0), Some(0), Some(patch)) => Some(Version::floor(0, 0, patch + 1)),
                (Some(0), Some(minor), _) => Some(Version::floor(0, minor + 1, 0)),
                (Some(major), _, _) => Some(Version::floor(major + 1, 0, 0)),
            };
            [Some(ge(low)), above.map(lt)]
                .into_iter()
                .flatten()
                .collect()
        }
        "~" | "~>" => {
            let above = match (partial.major, partial.minor) {
                (None, _) => None,
                (Some(major), None) => Some(Version::floor(major + 1, 0, 0)),
                (Some(major), Some(minor)) => Some(Version::floor(major, minor + 1, 0)),
            };
            [Some(ge(low)), above.map(lt)]
                .into_iter()
                .flatten()
                .collect()
        }
        "" | "=" => match partial.above() {
            _ if partial.major.is_none() => vec![ge(Version::release(0, 0, 0))],
            Some(above) => vec![ge(low), lt(above)],
            None => vec![Comparator {
                op: Op::Eq,
                version: low,
            }],
        },
        ">" => match partial.above() {
            _ if partial.major.is_none() => vec![lt(Version::release(0, 0, 0))],
            Some(above) => vec![ge(above)],
            None => vec![Comparator {
                op: Op::Gt,
                version: low,
            }],
        },
        ">=" => vec![ge(low)],
        "<" => vec![lt(if partial.is_full() {
            low
        } else {
            Version::floor(low.major, low.minor, low.patch)
        })],
        "<=" => match partial.above() {
            _ if partial.major.is_none() => vec![ge(Version::release(0, 0, 0))],
            Some(above) => vec![lt(above)],
            None => vec![Comparator {
                op: Op::Le,
                version: low,
            }],
        },
        _ => return None,
    };
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sat(range: &str, version: &str) -> bool {
        Range::parse(range)
            .unwrap_or_else(|| panic!("range {range}"))
            .satisfies(&Version::parse(version).unwrap_or_else(|| panic!("version {version}")))
    }

    #[test]
    fn caret_tilde_and_partial_ranges() {
        for (range, yes, no) in [
            ("^1.2.3", "1.9.0", "2.0.0"),
            ("^1.2.3", "1.2.3", "1.2.2"),
            ("^0.2.3", "0.2.9", "0.3.0"),
            ("^0.0.3", "0.0.3", "0.0.4"),
            ("^1", "1.5.0", "2.0.0"),
            ("^0.x", "0.9.9", "1.0.0"),
            ("~1.2.3", "1.2.9", "1.3.0"),
            ("~1.2", "1.2.0", "1.3.0"),
            ("~1", "1.9.9", "2.0.0"),
            ("1.x", "1.0.0", "2.0.0"),
            ("1.2", "1.2.7", "1.3.0"),
            ("1.2.3", "1.2.3", "1.2.4"),
            ("=1.2.3", "1.2.3", "1.2.4"),
            ("*", "9.9.9", "9.9.9-beta"),
            ("", "0.0.1", "1.0.0-rc.1"),
            (">=1.0.0 <2.0.0", "1.99.0", "2.0.0"),
            (">= 1.0.0 < 2", "1.0.0", "2.0.0"),
            (">1.2", "1.3.0", "1.2.9"),
            ("<=1.2", "1.2.9", "1.3.0"),
            ("<1.2", "1.1.9", "1.2.0"),
            ("1.2.3 - 2.3.4", "2.3.4", "2.3.5"),
            ("1.2 - 2.3", "2.3.9", "2.4.0"),
            ("^1.0.0 || ^3.0.0", "3.1.0", "2.0.0"),
            ("v1.2.3", "1.2.3", "1.2.4"),
        ] {
            assert!(sat(range, yes), "{yes} satisfies {range}");
            assert!(!sat(range, no), "{no} does not satisfy {range}");
        }
    }

    #[test]
    fn prereleases_match_only_their_own_release() {
        assert!(sat("^1.2.3-beta.2", "1.2.3-beta.3"));
        assert!(!sat("^1.2.3-beta.2", "1.2.3-beta.1"));
        assert!(!sat("^1.2.3-beta.2", "1.2.4-beta.3"));
        assert!(sat("^1.2.3-beta.2", "1.2.4"));
        assert!(!sat("^1.0.0", "1.5.0-rc.1"));
        assert!(sat("1.0.0-rc.1", "1.0.0-rc.1"));
    }

    #[test]
    fn versions_order_by_precedence() {
        let order = [
            "1.0.0-0",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
        ];
        for pair in order.windows(2) {
            let (a, b) = (
                Version::parse(pair[0]).unwrap(),
                Version::parse(pair[1]).unwrap(),
            );
            assert!(a < b, "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn non_ranges_are_not_parsed() {
        for spec in [
            "latest",
            "github:a/b",
            "file:../x",
            "https://x/y.tgz",
            "1.2.3.4",
            ">=",
        ] {
            assert!(Range::parse(spec).is_none(), "{spec}");
        }
        assert!(Version::parse("1.2").is_none());
    }
}

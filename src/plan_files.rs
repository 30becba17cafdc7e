//! The one rule for every file outcare reads from a plan, and every folder
//! `new` writes into: the path, symlinks followed, must lead to a place inside
//! the plan's folder, and never into a `.git/` folder. A plan checked out from
//! someone's branch could otherwise publish any file of the machine (a
//! template linked to `/proc/self/environ` publishes the build's environment),
//! or the token CI checks out with, which `actions/checkout` keeps in
//! `.git/config`.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Why a path of the plan is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// It leads to this place, outside the plan's folder.
    Outside(PathBuf),
    /// It leads to this place, inside a `.git/` folder.
    IntoGit(PathBuf),
    /// A symlink (on the way) to this, which does not exist.
    Nowhere(PathBuf),
}

impl Refused {
    /// Where the path leads, without what to do about it.
    pub fn place(&self) -> String {
        match self {
            Refused::Outside(real) => format!("leads to {}, outside the plan", real.display()),
            Refused::IntoGit(real) => format!("leads to {}, inside .git/", real.display()),
            Refused::Nowhere(target) => {
                format!("leads to {}, which does not exist", target.display())
            }
        }
    }
}

impl fmt::Display for Refused {
    /// Where the path leads, why that is refused and what to do, to follow
    /// the name of what was refused.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self.place();
        match self {
            Refused::Outside(_) => write!(
                f,
                "{place}: outcare reads only what is inside the plan's folder, so that a plan cannot publish files from elsewhere on the machine; copy it into the plan instead"
            ),
            Refused::IntoGit(_) => write!(
                f,
                "{place}: outcare never reads a repository's own files, which can hold credentials (CI keeps its token in .git/config); copy it into the plan, outside .git/, instead"
            ),
            Refused::Nowhere(_) => write!(
                f,
                "{place}: point it at something inside the plan, or remove it"
            ),
        }
    }
}

/// The plan's folder as the file system names it, symlinks resolved: what
/// `may_read` compares with.
pub fn real_root(root: &Path) -> std::io::Result<PathBuf> {
    root.canonicalize()
}

/// Where `path` really leads, if outcare may read it (or write into it):
/// inside `real_root` (from `real_root`) and not in a `.git/` folder there.
/// `path` must exist, or be a symlink.
pub fn may_read(real_root: &Path, path: &Path) -> Result<PathBuf, Refused> {
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(_) => {
            let target = std::fs::read_link(path).unwrap_or_else(|_| path.to_path_buf());
            return Err(Refused::Nowhere(target));
        }
    };
    let Ok(inside) = real.strip_prefix(real_root) else {
        return Err(Refused::Outside(real));
    };
    if inside
        .components()
        .any(|part| part == Component::Normal(".git".as_ref()))
    {
        return Err(Refused::IntoGit(real));
    }
    Ok(real)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn inside_outside_git_and_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::create_dir_all(root.join("content/.git")).unwrap();
        std::fs::write(root.join("shared/a.md"), "").unwrap();
        std::fs::write(outside.path().join("b.md"), "").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap();
            root.join(name)
        };
        let real = real_root(root).unwrap();

        assert_eq!(
            may_read(&real, &link(Path::new("shared/a.md"), "in.md")),
            Ok(real.join("shared/a.md"))
        );
        assert_eq!(
            may_read(&real, &link(&outside.path().join("b.md"), "out.md")),
            Err(Refused::Outside(
                outside.path().canonicalize().unwrap().join("b.md")
            ))
        );
        // A submodule's or a nested repository's .git/ as much as the plan's own.
        assert_eq!(
            may_read(&real, &link(Path::new("content/.git"), "git")),
            Err(Refused::IntoGit(real.join("content/.git")))
        );
        assert_eq!(
            may_read(&real, &link(Path::new("gone.md"), "nowhere.md")),
            Err(Refused::Nowhere(PathBuf::from("gone.md")))
        );
        // A name merely starting like `.git` is a file like any other.
        std::fs::write(root.join(".github"), "").unwrap();
        assert_eq!(
            may_read(&real, &root.join(".github")),
            Ok(real.join(".github"))
        );
    }
}

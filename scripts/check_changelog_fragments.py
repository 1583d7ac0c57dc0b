"""Every change to the collection's code carries a changelog fragment (changelogs/fragments/*.yml).

Checked: each commit since the last release (the last commit that changed changelogs/changelog.yaml,
or AMANE_CHANGELOG_BASE), and the uncommitted work tree. A commit or work tree that changes plugins/,
roles/ or meta/runtime.yml without adding or changing a fragment is refused, with its files named.
Exit 0 when all carry one, 1 otherwise, 2 when git cannot answer."""

import os
import subprocess
import sys

CODE = ("plugins/", "roles/", "meta/runtime.yml")
FRAGMENTS = "changelogs/fragments/"


def git(*args):
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def needs_fragment(paths):
    code = sorted(p for p in paths if p.startswith(CODE))
    return code if code and not any(p.startswith(FRAGMENTS) and p.endswith((".yml", ".yaml")) for p in paths) else []


def release_base():
    base = os.environ.get("AMANE_CHANGELOG_BASE")
    if base:
        return base
    return git("log", "-1", "--format=%H", "--", "changelogs/changelog.yaml").strip() or None


def main():
    try:
        os.chdir(git("rev-parse", "--show-toplevel").strip())
        base = release_base()
        commits = git("rev-list", "--no-merges", "%s..HEAD" % base if base else "HEAD").split()
        problems = []
        for commit in commits:
            paths = git("diff-tree", "--no-commit-id", "--name-only", "-r", commit).split()
            missing = needs_fragment(paths)
            if missing:
                subject = git("log", "-1", "--format=%h %s", commit).strip()[:90]
                problems.append("commit %s changes %s and adds no changelog fragment" % (subject, ", ".join(missing[:5])))
        work_tree = set(git("diff", "--name-only", "HEAD").split()) | set(
            git("ls-files", "--others", "--exclude-standard").split())
        missing = needs_fragment(work_tree)
        if missing:
            problems.append("the uncommitted changes to %s carry no changelog fragment" % ", ".join(missing[:5]))
    except (subprocess.CalledProcessError, OSError) as exc:
        print("check_changelog_fragments: git could not list the changes: %s" % getattr(exc, "stderr", exc), file=sys.stderr)
        return 2
    for problem in problems:
        print("changelog: %s; add changelogs/fragments/<topic>.yml (see changelogs/config.yaml for the sections; "
              "'trivial:' for a change users need not read)" % problem, file=sys.stderr)
    if not problems:
        print("changelog: %d commit(s) since %s, each change to the code carries a fragment"
              % (len(commits), (base or "the first commit")[:12]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

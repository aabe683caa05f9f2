#!/bin/sh
# demo.sh CLAUSE: run the tool on the shipped library (make demo).
#
# Validates and lists clauses/, prints the categories, then replays the
# shipped four-round negotiation as the history of one document in a
# scratch library, shows the history of one clause across the rounds, the
# redline between two rounds and the bargaining board.
set -eu
clause=$1
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
	say() { printf '\n$ %s\n' "$*"; }
fi
run() { say "$*"; "$@"; }

cd "$top"
run "$clause" -C clauses validate
run "$clause" -C clauses ls --status ratified
run "$clause" -C clauses ls -c --category guardrail.surveillance
run "$clause" categories
run "$clause" -C clauses show ibt-ups-2023/cameras

# A scratch library: the models, then the negotiation round by round, as
# one document (riverbend-tech) that changes from commit to commit.
lib=$(mktemp -d "${TMPDIR:-/tmp}/clause-demo.XXXXXX")
trap 'rm -rf "$lib"' EXIT
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Demo Negotiator}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-demo@example.org}"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
run "$clause" init "$lib"
mkdir "$lib/models"
cp clauses/models/*.xml "$lib/models/"
n=0
for r in r1-union:union r2-employer:employer r3-union:union ta:joint; do
	n=$((n + 1))
	file=${r%%:*}
	party=${r##*:}
	sed "s/id=\"riverbend-$file\"/id=\"riverbend-tech\"/" \
		"clauses/negotiation/riverbend-$file.xml" > "$lib/technology.xml"
	[ "$file" = ta ] && name=ta || name=$n
	run "$clause" -C "$lib" commit -m "Riverbend technology article: $file"
	run "$clause" -C "$lib" round add "$name" --party "$party" -m "Round $name ($party)"
done
run "$clause" -C "$lib" round list
run "$clause" -C "$lib" log riverbend-tech/notice
run "$clause" -C "$lib" show riverbend-tech/notice@round/1
run "$clause" -C "$lib" show riverbend-tech/notice@round/ta
run git -C "$lib" log --oneline --decorate
run "$clause" -C "$lib" search --all-rounds --doc riverbend-tech notice

# Search, similar clauses and the coverage matrix on the shipped library,
# copied into a scratch repository so that its index is made there.
shipped=$(mktemp -d "${TMPDIR:-/tmp}/clause-demo-shipped.XXXXXX")
trap 'rm -rf "$lib" "$shipped"' EXIT
cp -R clauses/. "$shipped"
git -C "$shipped" init -q
git -C "$shipped" add -A
git -C "$shipped" commit -q -m "shipped library"
run "$clause" -C "$shipped" search driver-facing cameras -n 3
run "$clause" -C "$shipped" search '"generative AI"' --status ratified -n 3
run "$clause" -C "$shipped" search notice --quantity 'days>=90'
run "$clause" -C "$shipped" similar wga-amptp-2023/not-a-writer -n 3
run "$clause" -C "$shipped" matrix
run "$clause" -C "$shipped" matrix --category adjustment.notice --quantity days

# The redline between two rounds: a summary, then what changed clause by
# clause (clause diff --format=html gives the same as a printable page).
run "$clause" -C "$lib" diff --stat round/2 round/3
run "$clause" -C "$lib" diff round/3 round/ta

# The bargaining board: where each clause stood at the table after round
# 3 (discipline initialled, gain-sharing given up, the numbers still
# apart), and at the tentative agreement.
run "$clause" -C "$lib" board --as-of round/3
run "$clause" -C "$lib" board

# The front door and the way out: the employer's counter arrives as plain
# text (clause import reads Word, PDF, HTML and Markdown the same way) and
# comes in lined up with round 1, clause by clause; round 1 goes out as
# CSV for a spreadsheet.
counter="$shipped/counter.txt"
run "$clause" -C "$shipped" export riverbend-r2-employer -o "$counter"
run "$clause" -C "$lib" import "$counter" --like round/1:technology.xml --status counter --dry-run
run "$clause" -C "$lib" export --format=csv riverbend-tech@round/1

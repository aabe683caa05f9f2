#!/bin/sh
# t4000-merge-driver: clause merge-driver under the stock git merge.
# Edits to different clauses merge however close they are; the same
# clause merges at word level when edits do not overlap; real conflicts
# become <conflict> elements that keep every version; a clause moved or
# given a new id stands once, or in a conflict; nothing is lost.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-merge.sh"

DOC=adjustment-model.xml

# A library whose XML goes through the clause merge driver.
git init -q -b main lib
(cd lib &&
	git config merge.clause.name "clause-level merge" &&
	git config merge.clause.driver "$CLAUSE merge-driver %O %A %B %P" &&
	echo "*.xml merge=clause" >.gitattributes &&
	cp "$CLAUSE_TOP"/clauses/models/*.xml . &&
	git add -A && git commit -qm base)

# edit BRANCH SED-SCRIPT MESSAGE: commit an edit of DOC on BRANCH (from main).
edit() {
	git -C lib merge --abort >/dev/null 2>&1
	git -C lib checkout -q -B "$1" main &&
	sed -i "$2" lib/$DOC &&
	git -C lib commit -qam "$3"
}

# attempt OURS THEIRS: merge THEIRS into a fresh copy of OURS; exit status.
attempt() {
	git -C lib merge --abort >/dev/null 2>&1
	git -C lib checkout -q -B "m-$1-$2" "$1" &&
	git -C lib merge -q --no-edit "$2" >/dev/null 2>&1
}

test_expect 'edits to adjacent clauses (and the same line neighbourhood) merge cleanly' '
	edit a "s|skill or staffing level changes|skill, pay or staffing level changes|" "a: definition" &&
	edit b "s|<clause id=\"notice\" category=\"adjustment.notice\">|<clause id=\"notice\" category=\"adjustment.notice adjustment.bargaining\">|" "b: notice category" &&
	git -C lib diff a b --stat | grep "1 file changed" &&
	attempt a b &&
	grep "skill, pay or staffing" lib/$DOC &&
	grep "<clause id=\"notice\" category=\"adjustment.notice adjustment.bargaining\">" lib/$DOC &&
	test "$(grep -c "xmlns=" lib/$DOC)" -eq 1 &&
	clause -C lib validate &&
	test "$(git -C lib rev-list --parents -n 1 HEAD | wc -w)" -eq 3
'

test_expect 'one-line clauses on adjacent lines: git merge-file conflicts, the driver does not' '
	cat >adj-base.xml <<-XML &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="adj" status="proposal">
	<meta><title>Adjacent</title><party role="union" id="u">U</party></meta>
	<article id="t">
	<clause id="x" category="adjustment.notice"><p>Notice of 45 days.</p></clause>
	<clause id="y" category="adjustment.training"><p>Training of 20 hours.</p></clause>
	</article>
	</agreement>
	XML
	sed "s/45 days/90 days/" adj-base.xml >adj-ours.xml &&
	sed "s/20 hours/40 hours/" adj-base.xml >adj-theirs.xml &&
	cp adj-ours.xml adj-line.xml &&
	test_must_fail 1 git merge-file -q adj-line.xml adj-base.xml adj-theirs.xml &&
	clause merge-driver adj-base.xml adj-ours.xml adj-theirs.xml adj.xml &&
	grep "90 days" adj-ours.xml && grep "40 hours" adj-ours.xml &&
	clause validate adj-ours.xml
'

test_expect 'the same clause edited in different words merges at word level' '
	edit c "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">120</quantity>|" "c: 120 days" &&
	edit d "s|<quantity unit=\"days\">14</quantity>|<quantity unit=\"days\">21</quantity>|" "d: meet within 21" &&
	attempt c d &&
	sed -n "/<clause id=\"notice\"/,/<\/clause>/p" lib/$DOC >notice &&
	grep ">120<" notice && grep ">21<" notice &&
	clause -C lib validate
'

test_expect 'the same words changed differently: one conflict element, all versions kept' '
	edit e "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">60</quantity>|" "e: 60 days" &&
	! attempt e c &&
	git -C lib status --porcelain | grep "^UU $DOC" &&
	xmllint --noout lib/$DOC &&
	xmllint --noout --schema "$CLAUSE_TOP/schemas/clause.xsd" lib/$DOC &&
	test "$(grep -c "<conflict clause=\"notice\"" lib/$DOC)" -eq 1 &&
	sed -n "/<conflict/,/<\/conflict>/p" lib/$DOC >conflict &&
	grep "<ours by=" conflict && grep "<base by=" conflict && grep "<theirs by=" conflict &&
	grep ">60<" conflict && grep ">180<" conflict && grep ">120<" conflict &&
	line=$(grep -n "<conflict clause=\"notice\"" lib/$DOC | cut -d: -f1) &&
	(cd lib && test_must_fail 1 clause validate $DOC 2>../err) &&
	grep "^$DOC:$line:[0-9]*: unresolved merge conflict over clause .notice." err
'

test_expect 'clause commit refuses while the conflict is unresolved' '
	(cd lib && test_must_fail 1 clause commit -m "merge" 2>../err) &&
	grep "unresolved merge conflict" err &&
	git -C lib merge --abort
'

test_expect 'deleted on one side, changed on the other: a conflict keeps the change' '
	edit f "/<clause id=\"moratorium\"/,/<\/clause>/d" "f: drop moratorium" &&
	edit g "/<clause id=\"moratorium\"/,/<\/clause>/s|</heading>| (extended)</heading>|" "g: change moratorium" &&
	! attempt f g &&
	sed -n "/<conflict clause=\"moratorium\"/,/<\/conflict>/p" lib/$DOC >conflict &&
	grep "(extended)" conflict &&
	grep -E "<ours by=\"[^\"]*\"/>|<ours by=\"[^\"]*\"></ours>" conflict &&
	git -C lib merge --abort
'

test_expect 'deleted on one side, untouched on the other: it goes' '
	attempt f a &&
	! grep "<clause id=\"moratorium\"" lib/$DOC &&
	grep "skill, pay or staffing" lib/$DOC &&
	clause -C lib validate
'

test_expect 'clauses added on both sides at the same place are both kept' '
	edit h "s|^    <heading>Technological change</heading>|&\n    <clause id=\"h-new\" category=\"adjustment.training\"><p>From h.</p></clause>|" "h: add" &&
	edit i "s|^    <heading>Technological change</heading>|&\n    <clause id=\"i-new\" category=\"adjustment.training\"><p>From i.</p></clause>|" "i: add" &&
	git -C lib show h:$DOC | grep -q "h-new" &&
	attempt h i &&
	grep "<clause id=\"h-new\"" lib/$DOC && grep "<clause id=\"i-new\"" lib/$DOC &&
	clause -C lib validate
'

test_expect 'metadata merges field by field' '
	edit j "s|<title>\([^<]*\)</title>|<title>\1 (j)</title>|" "j: title" &&
	edit k "s|status=\"model\"|status=\"superseded\"|" "k: status" &&
	attempt j k &&
	grep "(j)</title>" lib/$DOC && grep "status=\"superseded\"" lib/$DOC &&
	clause -C lib validate
'

test_expect 'files that are not clause documents get a line merge' '
	git -C lib checkout -q -B n1 main &&
	printf "<project xmlns=\"urn:other\">\n<a>1</a>\n<x/>\n<y/>\n<z/>\n</project>\n" >lib/pom.xml &&
	git -C lib add pom.xml && git -C lib commit -qm pom &&
	git -C lib checkout -q -B n2 n1 && sed -i "s|<a>1</a>|<a>2</a>|" lib/pom.xml &&
	git -C lib commit -qam n2 &&
	git -C lib checkout -q -B n3 n1 && sed -i "s|</project>|<b/>\n</project>|" lib/pom.xml &&
	git -C lib commit -qam n3 &&
	git -C lib merge -q --no-edit n2 >/dev/null 2>&1 &&
	grep "<a>2</a>" lib/pom.xml && grep "<b/>" lib/pom.xml
'

# move BRANCH CLAUSE ARTICLE: commit a move of CLAUSE on BRANCH (from main).
move() {
	git -C lib merge --abort >/dev/null 2>&1
	git -C lib checkout -q -B "$1" main &&
	move_clause lib/$DOC "$2" "$3" &&
	git -C lib commit -qam "$1: move $2 to $3"
}

test_expect 'a clause moved into a new article, another edited: clean, the clause once' '
	move m1 severance transition &&
	clause -C lib validate &&
	attempt a m1 &&
	test "$(grep -c "<clause id=\"severance\"" lib/$DOC)" -eq 1 &&
	sed -n "/<article id=\"transition\"/,/<\/article>/p" lib/$DOC | grep "<clause id=\"severance\"" &&
	grep "skill, pay or staffing" lib/$DOC &&
	clause -C lib validate &&
	attempt m1 a &&
	test "$(grep -c "<clause id=\"severance\"" lib/$DOC)" -eq 1 &&
	clause -C lib validate
'

test_expect 'a clause moved to two different articles: a conflict, the clause only in it' '
	move m2 severance elsewhere &&
	! attempt m1 m2 &&
	git -C lib status --porcelain | grep "^UU $DOC" &&
	xmllint --noout --schema "$CLAUSE_TOP/schemas/clause.xsd" lib/$DOC &&
	test "$(grep -c "<conflict clause=\"severance\"" lib/$DOC)" -eq 1 &&
	! outside_conflicts lib/$DOC | grep "<clause id=\"severance\"" &&
	sed -n "/<conflict/,/<\/conflict>/p" lib/$DOC >conflict &&
	grep "<note>in article .transition.</note>" conflict &&
	grep "<note>in article .elsewhere.</note>" conflict &&
	grep "<note>in article .tech-change.</note>" conflict
'

test_expect 'the same move on both sides is clean' '
	move m3 severance transition &&
	attempt m1 m3 &&
	test "$(grep -c "<clause id=\"severance\"" lib/$DOC)" -eq 1 &&
	clause -C lib validate
'

test_expect 'deleted on one side, moved on the other: a conflict keeps the move' '
	edit del "/<clause id=\"severance\"/,/<\/clause>/d" "del: drop severance" &&
	! attempt del m1 &&
	test "$(grep -c "<conflict clause=\"severance\"" lib/$DOC)" -eq 1 &&
	grep -E "<ours by=\"[^\"]*\"/>|<ours by=\"[^\"]*\"></ours>" lib/$DOC &&
	xmllint --noout --schema "$CLAUSE_TOP/schemas/clause.xsd" lib/$DOC &&
	! attempt m1 del &&
	test "$(grep -c "<conflict clause=\"severance\"" lib/$DOC)" -eq 1 &&
	! outside_conflicts lib/$DOC | grep "<clause id=\"severance\""
'

test_expect 'a new id on one side, an edit on the other: clean, both apply, the clause once' '
	edit ren "s|<clause id=\"severance\"|<clause id=\"tech-severance\"|" "ren: new id" &&
	edit sev "s|<quantity unit=\"USD\">\$10,000</quantity>|<quantity unit=\"USD\">\$15,000</quantity>|" "sev: 15,000" &&
	for pair in "ren sev" "sev ren"; do
		attempt $pair &&
		test "$(grep -c "<clause id=\"tech-severance\"" lib/$DOC)" -eq 1 &&
		! grep -e "<clause id=\"severance\"" -e "<conflict" lib/$DOC &&
		sed -n "/<clause id=\"tech-severance\"/,/<\/clause>/p" lib/$DOC | grep "15,000" &&
		! grep "10,000" lib/$DOC &&
		clause -C lib validate || return 1
	done &&
	attempt ren a &&
	grep "<clause id=\"tech-severance\"" lib/$DOC && ! grep "<clause id=\"severance\"" lib/$DOC &&
	clause -C lib validate
'

test_expect 'two new ids for one clause: one conflict, neither id beside it' '
	edit ren2 "s|<clause id=\"severance\"|<clause id=\"ai-severance\"|" "ren2: another new id" &&
	! attempt ren ren2 &&
	test "$(grep -c "<conflict clause=\"severance\"" lib/$DOC)" -eq 1 &&
	sed -n "/<conflict/,/<\/conflict>/p" lib/$DOC >conflict &&
	grep "<clause id=\"tech-severance\"" conflict && grep "<clause id=\"ai-severance\"" conflict &&
	! outside_conflicts lib/$DOC | grep -E "<clause id=\"(tech-|ai-)?severance\"" &&
	git -C lib merge --abort
'

test_expect 'merge-driver usage errors exit 129' '
	test_must_fail 129 clause merge-driver a b &&
	test_must_fail 129 clause merge-driver --nope a b c
'

test_done

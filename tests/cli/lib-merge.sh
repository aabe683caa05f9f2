# tests/cli/lib-merge.sh: editing clause documents the way people move
# clauses, for the merge tests (t3500, t4000), sourced after lib.sh.
#
#   move_clause FILE CLAUSE ARTICLE [TO]
#                               move CLAUSE of FILE to the end of ARTICLE
#                               of TO (default FILE), an article made after
#                               the last one when TO has none of that id
#   outside_conflicts FILE      FILE without its <conflict> elements

move_clause() {
	python3 - "$@" <<-'PY'
	import re, sys
	path, clause, article = sys.argv[1:4]
	to = sys.argv[4] if len(sys.argv) > 4 else path
	s = open(path).read()
	m = re.search(r'\n *<clause id="%s".*?</clause>' % clause, s, re.S)
	s = s[:m.start()] + s[m.end():]
	open(path, "w").write(s)
	s = open(to).read()
	body = m.group(0).strip()
	a = re.search(r'<article id="%s">.*?\n(  </article>)' % article, s, re.S)
	if a:
	    s = s[:a.start(1)] + "    " + body + "\n" + s[a.start(1):]
	else:
	    end = s.rindex("</article>") + len("</article>")
	    s = (s[:end] + '\n  <article id="%s">\n    <heading>%s</heading>\n'
	         '    %s\n  </article>' % (article, article, body) + s[end:])
	open(to, "w").write(s)
	PY
}

outside_conflicts() {
	sed "/<conflict/,/<\/conflict>/d" "$1"
}

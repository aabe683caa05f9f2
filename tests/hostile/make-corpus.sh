#!/bin/sh
# tests/hostile/make-corpus.sh DIR: write a corpus of hostile and broken
# clause documents into DIR (created if missing).  Used by
# tests/cli/t0200-hostile.sh; every file here must be refused by
# `clause validate` quickly, in bounded memory, with one clear message,
# and without leaking anything it tries to pull in.
#
# The corpus is deterministic: the "random" bytes come from a fixed seed.
# POSIX sh and awk only.
#
# Files written (besides the two "secret" files the entities point at):
#   hostile, not even loadable as a document:
#     xxe-file.xml         internal subset, SYSTEM entity reading secret.txt
#     xxe-param.xml        external parameter entity loading secret.dtd
#     external-dtd.xml     DOCTYPE with an external DTD (secret.dtd)
#     billion-laughs.xml   nested entity expansion ("lol" x 10^9)
#     quadratic.xml        one 50 KB entity referenced 50,000 times
#     deep.xml             elements nested 10,000 deep
#     bad-utf8.xml         bytes \xff\xfe inside text
#     latin1.xml           encoding="ISO-8859-1" with Latin-1 bytes
#     truncated.xml        a valid document cut in the middle of an element
#     empty.xml            no bytes at all
#     garbage.xml          4096 bytes of binary garbage (fixed seed)
#     huge.xml             a well-formed document of 50 MB
#     xinclude.xml         an XInclude of secret.txt (must not be processed)
#   well-formed and schema-valid, but breaking a rule:
#     dup-ids.xml          two clauses with the same id
#     unknown-category.xml a category the taxonomy does not have
#     wrong-namespace.xml  <agreement xmlns="urn:wrong">
#     expiry-before.xml    term expires before it takes effect
set -eu

dir=${1:?usage: make-corpus.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# The marker must never show up in any output of clause.
MARKER=${CLAUSE_SECRET_MARKER:-SECRET-MARKER-c1a05e-7f3a9d}
printf '%s\n' "$MARKER" >"$dir/secret.txt"
printf '<!ENTITY leak "%s">\n<!ENTITY %% inner "%s">\n' "$MARKER" "$MARKER" \
	>"$dir/secret.dtd"

head_xml() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
}

# A valid document; $1 is its id.  Line numbers matter to no test here.
valid_doc() {
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:clause:1" id="$1" status="proposal">
  <meta>
    <title>Hostile corpus document</title>
    <party role="union" id="union">Corpus Union</party>
    <party role="employer" id="employer">Corpus Employer</party>
    <sector>testing</sector>
    <term effective="2024-01-01" expires="2026-12-31"/>
  </meta>
  <article id="tech">
    <num>Article 1</num>
    <heading>Technology</heading>
    <clause id="notice" category="adjustment.notice">
      <num>1.1</num>
      <heading>Notice</heading>
      <p>The Employer shall give <quantity unit="days">90</quantity> days
        written notice of any technological change.</p>
    </clause>
    <clause id="training" category="adjustment.training">
      <num>1.2</num>
      <heading>Training</heading>
      <p>Training for new technology is paid time.</p>
    </clause>
  </article>
</agreement>
EOF
}

# --- entities and DTDs -------------------------------------------------

{
	head_xml
	cat <<EOF
<!DOCTYPE agreement [
  <!ENTITY xxe SYSTEM "file://$dir/secret.txt">
]>
<agreement xmlns="urn:clause:1" id="xxe-file" status="proposal">
  <meta>
    <title>&xxe;</title>
    <party role="union" id="union">&xxe;</party>
  </meta>
</agreement>
EOF
} >"$dir/xxe-file.xml"

{
	head_xml
	cat <<EOF
<!DOCTYPE agreement [
  <!ENTITY % ext SYSTEM "file://$dir/secret.dtd">
  %ext;
]>
<agreement xmlns="urn:clause:1" id="xxe-param" status="proposal">
  <meta>
    <title>&leak;</title>
    <party role="union" id="union">Union</party>
  </meta>
</agreement>
EOF
} >"$dir/xxe-param.xml"

{
	head_xml
	cat <<EOF
<!DOCTYPE agreement SYSTEM "file://$dir/secret.dtd">
<agreement xmlns="urn:clause:1" id="external-dtd" status="proposal">
  <meta>
    <title>&leak;</title>
    <party role="union" id="union">Union</party>
  </meta>
</agreement>
EOF
} >"$dir/external-dtd.xml"

{
	head_xml
	printf '<!DOCTYPE agreement [\n  <!ENTITY lol "lol">\n'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf '  <!ENTITY lol%s "' "$i"
		for k in 1 2 3 4 5 6 7 8 9 10; do
			printf '&%s;' "$prev"
		done
		printf '">\n'
		prev=lol$i
	done
	printf ']>\n'
	printf '<agreement xmlns="urn:clause:1" id="laughs" status="proposal">\n'
	printf '  <meta><title>&%s;</title>\n' "$prev"
	printf '    <party role="union" id="union">Union</party></meta>\n'
	printf '</agreement>\n'
} >"$dir/billion-laughs.xml"

{
	head_xml
	printf '<!DOCTYPE agreement [\n  <!ENTITY a "'
	yes blowup | tr -d '\n' | head -c 51200
	printf '">\n]>\n'
	printf '<agreement xmlns="urn:clause:1" id="quadratic" status="proposal">\n'
	printf '  <meta><title>'
	yes '&a;' | head -n 50000 | tr -d '\n'
	printf '</title>\n    <party role="union" id="union">Union</party></meta>\n'
	printf '</agreement>\n'
} >"$dir/quadratic.xml"

# --- structure and bytes -----------------------------------------------

awk 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<agreement xmlns=\"urn:clause:1\" id=\"deep\" status=\"proposal\">"
	for (i = 0; i < 10000; i++) printf "<note>"
	printf "deep"
	for (i = 0; i < 10000; i++) printf "</note>"
	print ""
	print "</agreement>"
}' >"$dir/deep.xml"

valid_doc bad-utf8 | sed 's/Training for new technology/Training \xff\xfe for new technology/' \
	>"$dir/bad-utf8.xml"
# sed may not understand \xHH: check, and fall back to printf.
if ! grep -q "$(printf '\377\376')" "$dir/bad-utf8.xml"; then
	valid_doc bad-utf8 | sed "s/Training for new technology/Training $(printf '\377\376') for new technology/" \
		>"$dir/bad-utf8.xml"
fi

valid_doc latin1 | sed -e '1s/UTF-8/ISO-8859-1/' \
	-e "s/Corpus Union/Syndicat des employ$(printf '\351')s $(printf '\340') Montr$(printf '\351')al/" \
	>"$dir/latin1.xml"

# Cut in the middle of the second clause's start tag.
valid_doc truncated | awk '/<clause id="training"/ { printf "    <clause id=\"trai"; exit } { print }' \
	>"$dir/truncated.xml"

: >"$dir/empty.xml"

# 4096 bytes from a Park-Miller generator with a fixed seed (exact in
# doubles, so every awk gives the same bytes).
printf "$(awk 'BEGIN {
	x = 20240607
	for (i = 0; i < 4096; i++) {
		x = (x * 16807) % 2147483647
		printf "\\%03o", x % 256
	}
}')" >"$dir/garbage.xml"

# Well-formed, but 50 MB: past the size limit, refused before parsing.
{
	valid_doc huge | sed -n '1,/<p>Training/p' | sed '$d'
	printf '      <p>'
	yes 'hugepayload filler text for a very large clause' | head -c 52428800
	printf '</p>\n    </clause>\n  </article>\n</agreement>\n'
} >"$dir/huge.xml"

valid_doc xinclude | sed "s|<p>Training for new technology is paid time.</p>|<p>See <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://$dir/secret.txt\" parse=\"text\"/>.</p>|" \
	>"$dir/xinclude.xml"

# --- rule-invalid, schema-valid ----------------------------------------

valid_doc dup-ids | sed 's/<clause id="training"/<clause id="notice"/' \
	>"$dir/dup-ids.xml"
valid_doc unknown-category | sed 's/category="adjustment.training"/category="adjustment.time-travel"/' \
	>"$dir/unknown-category.xml"
valid_doc wrong-namespace | sed 's/xmlns="urn:clause:1"/xmlns="urn:wrong"/' \
	>"$dir/wrong-namespace.xml"
valid_doc expiry-before | sed 's/expires="2026-12-31"/expires="2023-06-30"/' \
	>"$dir/expiry-before.xml"

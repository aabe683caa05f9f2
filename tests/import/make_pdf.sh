#!/bin/sh
# make_pdf.sh DIR [long]: the PDFs the import_pdf unit suite reads, made
# by the producers negotiators' PDFs come from, into DIR:
#
#   contract.pdf   LibreOffice: a contract of 3+ pages (ARTICLE XIV,
#                  Section 3, (a)) with a running header, a "Page N of M"
#                  footer and soft-hyphenated words that break at line ends
#   tech.pdf       Chromium: a three-article technology agreement
#   reopener.pdf   Chromium with its own header and footer (date, title,
#                  address, "1/3") on the 3 pages of 6 articles
#   numbers.pdf    Chromium: 3 pages numbered "N | Page" at the top and
#                  "- N -" (en dashes) at the bottom by CSS margin boxes
#   mixed.pdf      qpdf: tech.pdf's page, then scan.pdf's
#   encrypted.pdf  qpdf: opened only with the password "x"
#   truncated.pdf  contract.pdf cut in half
#   garbage.pdf    bytes that are no PDF at all
#   scan.pdf       Chromium: a page holding only a drawing, no text
#   long.pdf       (with "long") LibreOffice: 2,000 pages of ten lines,
#                  "Line 1: ..." to "Line 20000: ...", the header and
#                  footer of contract.pdf on each
#
# soffice is slow to start (5 to 8 s), so it runs once, beside Chromium.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
prof=/tmp/lo-pdf-$$
trap 'rm -rf "$prof"' EXIT

# A paragraph of contract text with a different number in it.
para() {
	printf '<text:p text:style-name="Body">The Employer shall give the Union '
	printf 'written notice no less than %s days before it introduces any ' "$1"
	printf 'new technology that affects the work of bargaining unit members, '
	printf 'and shall meet with the Union on request to negotiate its effects '
	printf 'on wages, hours and working conditions of the members.</text:p>\n'
}

# Words with soft hyphens (U+00AD) at every syllable, in a paragraph
# long enough that some of them must break at a line end.
SHY=$(printf '\302\255')
hyphens() {
	w="tele${SHY}com${SHY}mu${SHY}ni${SHY}ca${SHY}tions"
	v="in${SHY}ter${SHY}op${SHY}er${SHY}a${SHY}bil${SHY}i${SHY}ty"
	printf '<text:p text:style-name="Body">'
	for i in 1 2 3 4 5 6 7 8; do
		printf 'The %s and %s requirements apply. ' "$w" "$v"
	done
	printf '</text:p>\n'
}

contract_body() {
	for art in XIV XV XVI; do
		printf '<text:p text:style-name="Heading">ARTICLE %s</text:p>\n' "$art"
		for sec in 1 2 3 4; do
			printf '<text:p text:style-name="Body">Section %s. ' "$sec"
			printf 'Notice of Change (%s-%s)</text:p>\n' "$art" "$sec"
			para $((sec * 10 + 5))
			printf '<text:p text:style-name="Body">(a) The notice shall '
			printf 'describe the technology in ARTICLE %s.</text:p>\n' "$art"
			printf '<text:p text:style-name="Body">(b) The Employer shall '
			printf 'train each affected member at its cost.</text:p>\n'
			[ "$art$sec" = XIV3 ] && hyphens
		done
	done
	printf '<text:p text:style-name="Body">END OF AGREEMENT</text:p>\n'
}

# A flat ODT whose master page has a header and a footer with page
# number fields: what LibreOffice prints on every page.
fodt() {
	cat <<'HEAD'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.3cm"/>
  <style:text-properties style:font-name="DejaVu Serif" fo:font-family="'DejaVu Serif'" fo:font-size="11pt" fo:language="en" fo:country="US"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph"/>
 <style:style style:name="Break" style:family="paragraph">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.3cm"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="3cm" fo:margin-right="3cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.8cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.8cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p>Technology Agreement 2024-2027, Local 1234 and Example Corp</text:p></style:header>
  <style:footer><text:p>Page <text:page-number text:select-page="current">1</text:page-number> of <text:page-count>1</text:page-count></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
HEAD
	"$@"
	printf '</office:text></office:body></office:document>\n'
}

fodt contract_body >contract.fodt

cat >tech.html <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Technology Agreement</title>
<style>body { font: 12pt serif; } p { margin: 0 0 1em 0; }</style></head>
<body>
<h1>Technology Agreement</h1>
<h2>Article 1 Notice</h2>
<p>The Employer shall give the Union ninety days notice of any new
technology that changes the work of the unit.</p>
<p>The notice shall describe the technology and its expected effects.</p>
<h2>Article 2 Training</h2>
<p>Members whose work changes shall be trained at the Employer's cost
during working hours.</p>
<h2>Article 3 Surveillance</h2>
<p>No data collected by electronic monitoring shall be the sole basis
for discipline.</p>
</body></html>
HTML

{
	printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
	printf '<title>Wage Reopener</title></head><body>\n'
	for a in 1 2 3 4 5 6; do
		printf '<h2>Article %s</h2>\n' $a
		for s in 1 2 3 4 5; do
			printf '<p>Section %s.%s. The parties shall reopen ' $a $s
			printf 'the wage schedule when the Employer introduces '
			printf 'automated scheduling software that changes the '
			printf 'hours of more than ten members of the unit in any '
			printf 'quarter.</p>\n'
		done
	done
	printf '</body></html>\n'
} >reopener.html

{
	printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><style>\n'
	printf '@page { margin: 2cm; @top-right { content: counter(page) " | Page" }\n'
	printf '  @bottom-center { content: "\\2013  " counter(page) " \\2013" } }\n'
	printf 'p { margin: 0 0 1em 0; }</style></head><body>\n'
	for i in $(seq 1 39); do
		printf '<p>Clause %s. The Employer shall not use biometric ' $i
		printf 'data of members for timekeeping without the written '
		printf 'consent of the member and of the Union.</p>\n'
	done
	printf '</body></html>\n'
} >numbers.html

# A "scan": a page with only shapes on it, so no text layer at all.
cat >scan.html <<'HTML'
<!DOCTYPE html>
<html><body><svg width="500" height="700" xmlns="http://www.w3.org/2000/svg">
<rect x="10" y="10" width="400" height="20" fill="black"/>
<rect x="10" y="50" width="350" height="10" fill="gray"/>
<circle cx="200" cy="300" r="80" fill="gray"/>
</svg></body></html>
HTML

soffice="soffice --headless --norestore"
# One soffice run converts everything (it takes seconds to start);
# Chromium prints meanwhile.
lo() {
	$soffice -env:UserInstallation=file://$prof --convert-to pdf \
		--outdir . contract.fodt $long
}
chrome() {
	for f in tech scan numbers; do
		chromium --headless --no-sandbox --disable-gpu \
			--no-pdf-header-footer --print-to-pdf="$PWD/$f.pdf" \
			"file://$PWD/$f.html"
	done
	chromium --headless --no-sandbox --disable-gpu \
		--print-to-pdf="$PWD/reopener.pdf" "file://$PWD/reopener.html"
	qpdf --encrypt x x 256 -- tech.pdf encrypted.pdf
	qpdf --empty --pages tech.pdf scan.pdf -- mixed.pdf
}

long=
if [ "${2:-}" = long ]; then
	# Ten lines a page, each tenth breaking the page: LibreOffice
	# lays this out in a third of the time of a text file's 62 a page.
	long_body() {
		awk 'BEGIN { f = "<text:p text:style-name=\"%s\">Line %d: " \
			"the employer consults the union.</text:p>\n"
			for (i = 1; i <= 20000; i++)
				printf f, (i % 10 == 1 && i > 1 ? "Break" : "Body"), i }'
	}
	fodt long_body >long.fodt
	long=long.fodt
fi
lo >lo.log 2>&1 &
pid=$!
chrome >chrome.log 2>&1
wait "$pid"

size=$(wc -c <contract.pdf)
head -c $((size / 2)) contract.pdf >truncated.pdf
printf 'this is not a PDF\n\001\002\003 at all, just bytes' >garbage.pdf
for f in contract tech reopener numbers encrypted scan mixed; do
	test -s $f.pdf
done
[ "${2:-}" != long ] || test -s long.pdf

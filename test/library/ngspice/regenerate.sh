#!/bin/sh
# Regenerates memristor_tran.txt: ngspice 39 on netlists/compat/ngspice_memristor.sp with its .control block replaced
# by the first run it asks for (tran deltime stime uic, stime = 10 ns) at reltol 1e-9, writing i(v1) every 10th point.
# Run from the repository root: sh test/library/ngspice/regenerate.sh
set -e
out=test/library/ngspice
tmp=$(mktemp -d)
python3 - "$tmp" <<'PY'
import re, sys
s = open('netlists/compat/ngspice_memristor.sp').read()
run = '.options reltol=1e-9 abstol=1e-15\n.tran 0.1n 10n 0 5e-13 uic\n.control\nrun\nwrdata ' + sys.argv[1] + '/ng.txt i(v1)\n.endc'
open(sys.argv[1] + '/ng.cir', 'w').write(re.sub(r'^\.control[\s\S]*?^\.endc$', run, s, flags=re.M))
PY
# ngspice 39 exits 1 after a run that only its .control block asks for: check the output instead.
ngspice -b "$tmp/ng.cir" > /dev/null 2>&1 || true
test -s "$tmp/ng.txt"
{
  echo "# ngspice 39: netlists/compat/ngspice_memristor.sp, first run (tran 0.1n 10n 0 5e-13 uic), reltol 1e-9; regenerate.sh"
  echo "# time i(v1)"
  awk 'NR % 10 == 1 { print $1, $2 }' "$tmp/ng.txt"
} > "$out/memristor_tran.txt"
rm -r "$tmp"

/** The netlist of test/compat/control.test.ts, shared with the script that records ngspice's outputs for it. */
export const CONTROL_NETLIST = `rc wrdata
v1 in 0 dc 1 ac 1
r1 in out 1k
c1 out 0 1u
.control
ac lin 3 100 300
wrdata acw.txt v(out) i(v1)
op
print v(out)
.endc
.end
`;

/** wrdata under `set wr_singlescale` and `set wr_vecnames`, then `unset wr_vecnames` and an .op (scale: the first vector). */
export const WRDATA_OPTIONS_NETLIST = `rc wrdata options
v1 in 0 dc 2 ac 1
r1 in out 1k
c1 out 0 1u
r2 out 0 1k
.control
set wr_singlescale
set wr_vecnames
ac lin 3 100 300
wrdata a1.txt v(out) i(v1)
unset wr_vecnames
unset wr_singlescale
op
wrdata a2.txt v(out) in
.endc
.end
`;

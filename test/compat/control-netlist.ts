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

# memspice netlist grammar: one logical line (comments removed, `+` continuations joined) -> one raw
# statement. Compiled by `npm run grammar` into src/parse/generated/netlist-grammar.cjs (not committed).
#
# Whitespace and commas outside `{...}` only separate items, so the lexer drops them; the grammar sees
# a command word followed by a flat list of items:
#   word | number | "string" | {expression} | name(args) | key=value | params:
# What the items mean (node, value, keyword) is decided per statement in src/parse/statements.ts, which
# gives precise messages ("R1 needs 2 nodes and a value") that a grammar-level error could not.
# Expressions inside braces have the usual precedence: unary +/- < + - < * / < ^ (right-associative),
# with `-2^2` = -(2^2) as in most SPICE dialects.

@{%
const moo = require("moo");

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_][A-Za-z0-9_]*)?/;
const ENUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_][A-Za-z0-9_]*)?/;

const base = moo.states({
  main: {
    ws: /[ \t,]+/,
    lbrace: { match: "{", push: "expr" },
    string: /"[^"\n]*"/,
    params: /[pP][aA][rR][aA][mM][sS]:/,
    dotcmd: /\.[A-Za-z_][A-Za-z0-9_]*/,
    number: NUMBER,
    word: /[A-Za-z_][A-Za-z0-9_.#\-+!|<>@&%~?\[\]\/]*/,
    lparen: "(",
    rparen: ")",
    eq: "=",
    invalid: moo.error,
  },
  expr: {
    ews: /[ \t]+/,
    rbrace: { match: "}", pop: 1 },
    enumber: ENUMBER,
    ident: /[A-Za-z_][A-Za-z0-9_]*/,
    pow: ["**", "^"],
    plus: "+",
    minus: "-",
    times: "*",
    divide: "/",
    lparen: "(",
    rparen: ")",
    comma: ",",
    invalid: moo.error,
  },
});

// The parser sees every token but whitespace.
const lexer = {
  reset(chunk, info) { base.reset(chunk, info); },
  next() {
    let tok = base.next();
    while (tok && (tok.type === "ws" || tok.type === "ews")) tok = base.next();
    return tok;
  },
  save() { return base.save(); },
  formatError(tok, message) { return base.formatError(tok, message); },
  has(name) { return base.has(name); },
};

const item = (k) => (d) => ({ k, tok: d[0] });
const bin = (op) => (d) => ({ t: "bin", op, left: d[0], right: d[2], tok: d[1] });
%}

@lexer lexer

line -> %dotcmd items          {% (d) => ({ type: "dot", cmd: d[0], items: d[1] }) %}
      | %word items            {% (d) => ({ type: "element", name: d[0], items: d[1] }) %}

items -> null                  {% () => [] %}
       | items item            {% (d) => [...d[0], d[1]] %}

item -> atom                   {% id %}
      | assign                 {% id %}
      | %params                {% item("params") %}

atom -> %word                  {% item("word") %}
      | %number                {% item("num") %}
      | %string                {% item("str") %}
      | brace                  {% id %}
      | call                   {% id %}

call -> %word %lparen args %rparen
                               {% (d) => ({ k: "call", tok: d[0], args: d[2], close: d[3] }) %}

args -> null                   {% () => [] %}
      | args arg               {% (d) => [...d[0], d[1]] %}

arg -> %word                   {% item("word") %}
     | %number                 {% item("num") %}
     | %string                 {% item("str") %}
     | brace                   {% id %}
     | assign                  {% id %}

assign -> key %eq value        {% (d) => ({ k: "assign", key: d[0], value: d[2], tok: d[1] }) %}

key -> %word                   {% item("word") %}
     | call                    {% id %}

value -> %word                 {% item("word") %}
       | %number               {% item("num") %}
       | %string               {% item("str") %}
       | brace                 {% id %}
       | call                  {% id %}

brace -> %lbrace sum %rbrace   {% (d) => ({ k: "expr", tok: d[0], expr: d[1] }) %}

sum -> sum %plus product       {% bin("+") %}
     | sum %minus product      {% bin("-") %}
     | product                 {% id %}

product -> product %times unary    {% bin("*") %}
         | product %divide unary   {% bin("/") %}
         | unary                   {% id %}

unary -> %minus unary          {% (d) => ({ t: "neg", arg: d[1], tok: d[0] }) %}
       | %plus unary           {% (d) => d[1] %}
       | power                 {% id %}

power -> primary %pow unary    {% bin("^") %}
       | primary               {% id %}

primary -> %enumber            {% (d) => ({ t: "num", tok: d[0] }) %}
         | %ident              {% (d) => ({ t: "ref", tok: d[0] }) %}
         | %ident %lparen eargs %rparen
                               {% (d) => ({ t: "call", tok: d[0], args: d[2] }) %}
         | %lparen sum %rparen {% (d) => d[1] %}

eargs -> null                  {% () => [] %}
       | earglist              {% id %}

earglist -> sum                {% (d) => [d[0]] %}
          | earglist %comma sum {% (d) => [...d[0], d[2]] %}

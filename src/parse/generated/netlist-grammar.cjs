// Generated automatically by nearley, version 2.20.1
// http://github.com/Hardmath123/nearley
(function () {
function id(x) { return x[0]; }

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
var grammar = {
    Lexer: lexer,
    ParserRules: [
    {"name": "line", "symbols": [(lexer.has("dotcmd") ? {type: "dotcmd"} : dotcmd), "items"], "postprocess": (d) => ({ type: "dot", cmd: d[0], items: d[1] })},
    {"name": "line", "symbols": [(lexer.has("word") ? {type: "word"} : word), "items"], "postprocess": (d) => ({ type: "element", name: d[0], items: d[1] })},
    {"name": "items", "symbols": [], "postprocess": () => []},
    {"name": "items", "symbols": ["items", "item"], "postprocess": (d) => [...d[0], d[1]]},
    {"name": "item", "symbols": ["atom"], "postprocess": id},
    {"name": "item", "symbols": ["assign"], "postprocess": id},
    {"name": "item", "symbols": [(lexer.has("params") ? {type: "params"} : params)], "postprocess": item("params")},
    {"name": "atom", "symbols": [(lexer.has("word") ? {type: "word"} : word)], "postprocess": item("word")},
    {"name": "atom", "symbols": [(lexer.has("number") ? {type: "number"} : number)], "postprocess": item("num")},
    {"name": "atom", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": item("str")},
    {"name": "atom", "symbols": ["brace"], "postprocess": id},
    {"name": "atom", "symbols": ["call"], "postprocess": id},
    {"name": "call", "symbols": [(lexer.has("word") ? {type: "word"} : word), (lexer.has("lparen") ? {type: "lparen"} : lparen), "args", (lexer.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => ({ k: "call", tok: d[0], args: d[2], close: d[3] })},
    {"name": "args", "symbols": [], "postprocess": () => []},
    {"name": "args", "symbols": ["args", "arg"], "postprocess": (d) => [...d[0], d[1]]},
    {"name": "arg", "symbols": [(lexer.has("word") ? {type: "word"} : word)], "postprocess": item("word")},
    {"name": "arg", "symbols": [(lexer.has("number") ? {type: "number"} : number)], "postprocess": item("num")},
    {"name": "arg", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": item("str")},
    {"name": "arg", "symbols": ["brace"], "postprocess": id},
    {"name": "arg", "symbols": ["assign"], "postprocess": id},
    {"name": "assign", "symbols": ["key", (lexer.has("eq") ? {type: "eq"} : eq), "value"], "postprocess": (d) => ({ k: "assign", key: d[0], value: d[2], tok: d[1] })},
    {"name": "key", "symbols": [(lexer.has("word") ? {type: "word"} : word)], "postprocess": item("word")},
    {"name": "key", "symbols": ["call"], "postprocess": id},
    {"name": "value", "symbols": [(lexer.has("word") ? {type: "word"} : word)], "postprocess": item("word")},
    {"name": "value", "symbols": [(lexer.has("number") ? {type: "number"} : number)], "postprocess": item("num")},
    {"name": "value", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": item("str")},
    {"name": "value", "symbols": ["brace"], "postprocess": id},
    {"name": "value", "symbols": ["call"], "postprocess": id},
    {"name": "brace", "symbols": [(lexer.has("lbrace") ? {type: "lbrace"} : lbrace), "sum", (lexer.has("rbrace") ? {type: "rbrace"} : rbrace)], "postprocess": (d) => ({ k: "expr", tok: d[0], expr: d[1] })},
    {"name": "sum", "symbols": ["sum", (lexer.has("plus") ? {type: "plus"} : plus), "product"], "postprocess": bin("+")},
    {"name": "sum", "symbols": ["sum", (lexer.has("minus") ? {type: "minus"} : minus), "product"], "postprocess": bin("-")},
    {"name": "sum", "symbols": ["product"], "postprocess": id},
    {"name": "product", "symbols": ["product", (lexer.has("times") ? {type: "times"} : times), "unary"], "postprocess": bin("*")},
    {"name": "product", "symbols": ["product", (lexer.has("divide") ? {type: "divide"} : divide), "unary"], "postprocess": bin("/")},
    {"name": "product", "symbols": ["unary"], "postprocess": id},
    {"name": "unary", "symbols": [(lexer.has("minus") ? {type: "minus"} : minus), "unary"], "postprocess": (d) => ({ t: "neg", arg: d[1], tok: d[0] })},
    {"name": "unary", "symbols": [(lexer.has("plus") ? {type: "plus"} : plus), "unary"], "postprocess": (d) => d[1]},
    {"name": "unary", "symbols": ["power"], "postprocess": id},
    {"name": "power", "symbols": ["primary", (lexer.has("pow") ? {type: "pow"} : pow), "unary"], "postprocess": bin("^")},
    {"name": "power", "symbols": ["primary"], "postprocess": id},
    {"name": "primary", "symbols": [(lexer.has("enumber") ? {type: "enumber"} : enumber)], "postprocess": (d) => ({ t: "num", tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d) => ({ t: "ref", tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), (lexer.has("lparen") ? {type: "lparen"} : lparen), "eargs", (lexer.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => ({ t: "call", tok: d[0], args: d[2] })},
    {"name": "primary", "symbols": [(lexer.has("lparen") ? {type: "lparen"} : lparen), "sum", (lexer.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => d[1]},
    {"name": "eargs", "symbols": [], "postprocess": () => []},
    {"name": "eargs", "symbols": ["earglist"], "postprocess": id},
    {"name": "earglist", "symbols": ["sum"], "postprocess": (d) => [d[0]]},
    {"name": "earglist", "symbols": ["earglist", (lexer.has("comma") ? {type: "comma"} : comma), "sum"], "postprocess": (d) => [...d[0], d[2]]}
]
  , ParserStart: "line"
}
if (typeof module !== 'undefined'&& typeof module.exports !== 'undefined') {
   module.exports = grammar;
} else {
   window.grammar = grammar;
}
})();

# Lengths of the functions in C++ sources, longest first: `awk -f scripts/function_lengths.awk src/runner/*.cpp
# | sort -rn | head`. A rough brace count, not a parser: a function is a line that opens a brace at depth 0 or
# 1 (namespace or class level) after a ')' or a constructor's initializer list, to the line that closes it.
# Braces inside strings, characters and comments are skipped.
function strip(line) {
  gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
  gsub(/'([^'\\]|\\.)*'/, "''", line)
  sub(/\/\/.*/, "", line)
  return line
}
FNR == 1 { depth = 0; open_at = 0; start = 0; scope_depth = 0 }
{
  line = strip($0)
  if (start == 0 && line ~ /^ *(namespace|class|struct|enum)[^;]*\{ *$/) {
    scope_depth = depth + 1
  } else if (start == 0 && line ~ /\{ *$/ && (line ~ /\) *(const|override|noexcept|final| )*\{ *$/ || line ~ /^ *: /)) {
    start = FNR; open_at = depth; name = $0; sub(/^ */, "", name)
  }
  n = gsub(/\{/, "{", line); m = gsub(/\}/, "}", line)
  depth += n - m
  if (start != 0 && depth <= open_at) {
    printf "%d %s:%d %s\n", FNR - start + 1, FILENAME, start, substr(name, 1, 70)
    start = 0
  }
}

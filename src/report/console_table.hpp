#pragma once
// The console table: print_console_table() is declared in the public inferbench/report.hpp.
#include "inferbench/report.hpp"

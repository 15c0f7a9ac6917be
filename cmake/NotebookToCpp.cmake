# Turns a xeus-cling notebook (examples/notebooks/*.ipynb) into a C++ program, so a test can
# build and run the notebook without Jupyter:
#
#   cmake -DNOTEBOOK=name.ipynb -DOUTPUT=name.cpp -P cmake/NotebookToCpp.cmake
#
# The code cells are read in order and sorted line by line:
#   - `#pragma cling ...` lines are dropped: the build links xgrad instead;
#   - `#include` lines go to the top of the program, in order, each once;
#   - `#define NAME ...` lines go there too, skipped when the build already defines NAME
#     (xgrad's CMake target defines XTENSOR_USE_XSIMD);
#   - `using namespace ...;` lines at column 0 go to namespace scope;
#   - a cell whose first line is `// cell: definitions` goes to namespace scope (structs,
#     classes, functions: anything C++ allows outside a function);
#   - every other cell goes, in order, into one main(): a variable of one cell is seen by the
#     next, as in the notebook. main() returns 1 if an exception escapes, printing its message.
# So a definitions cell must not use variables of statement cells, and statements must end
# with `;` (no bare last expression for xeus-cling to display: use std::cout or
# xcpp::display). Compiler messages name the notebook and its code cell: "name.ipynb [cell 3]".
# examples/notebooks/README.md lists these rules for notebook authors, with cling's own.
#
# The notebook is checked as well: nbformat 4, kernelspec xcpp17, a markdown cell first, and a
# code cell next that loads xgrad (#pragma cling load and #include <xgrad/xgrad.hpp>).
cmake_minimum_required(VERSION 3.19)  # string(JSON)

if(NOT NOTEBOOK OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DNOTEBOOK=<file.ipynb> -DOUTPUT=<file.cpp> -P NotebookToCpp.cmake")
endif()
get_filename_component(nb_name "${NOTEBOOK}" NAME)
file(READ "${NOTEBOOK}" nb)

function(nb_fail message)
  message(FATAL_ERROR "${NOTEBOOK}: ${message}")
endfunction()

# Reads `key...` of the JSON document `json` into `out`, failing with a message when absent.
function(nb_get out json)
  string(JSON value ERROR_VARIABLE error GET "${json}" ${ARGN})
  if(error)
    nb_fail("${error}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# A cell's source: nbformat allows one string or a list of strings (the lines).
function(nb_cell_source out cell)
  string(JSON type ERROR_VARIABLE error TYPE "${cell}" source)
  if(error)
    nb_fail("a cell without source: ${error}")
  endif()
  if(type STREQUAL "STRING")
    nb_get(text "${cell}" source)
  elseif(type STREQUAL "ARRAY")
    set(text "")
    string(JSON count LENGTH "${cell}" source)
    if(count GREATER 0)
      math(EXPR last "${count} - 1")
      foreach(i RANGE ${last})
        nb_get(line "${cell}" source ${i})
        string(APPEND text "${line}")
      endforeach()
    endif()
  else()
    nb_fail("a cell's source is a ${type}, not a string or a list of strings")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# --- the notebook's format and kernel
string(JSON nbformat ERROR_VARIABLE error GET "${nb}" nbformat)
if(error)
  nb_fail("not a notebook (JSON with an nbformat field): ${error}")
endif()
if(NOT nbformat EQUAL 4)
  nb_fail("nbformat is ${nbformat}, expected 4")
endif()
foreach(field_value "name;xcpp17" "display_name;C++17" "language;C++17")
  list(GET field_value 0 field)
  list(GET field_value 1 expected)
  nb_get(value "${nb}" metadata kernelspec ${field})
  if(NOT value STREQUAL expected)
    nb_fail("metadata.kernelspec.${field} is '${value}', expected '${expected}' (xeus-cling's C++17 kernel)")
  endif()
endforeach()

# --- the cells
string(JSON cell_count LENGTH "${nb}" cells)
if(cell_count LESS 2)
  nb_fail("expected a markdown cell, then a code cell loading xgrad")
endif()
nb_get(first_type "${nb}" cells 0 cell_type)
nb_get(second_type "${nb}" cells 1 cell_type)
if(NOT first_type STREQUAL "markdown" OR NOT second_type STREQUAL "code")
  nb_fail("expected a markdown cell, then a code cell loading xgrad; got ${first_type}, ${second_type}")
endif()
nb_get(loading_cell "${nb}" cells 1)
nb_cell_source(loading "${loading_cell}")
if(NOT loading MATCHES "#pragma cling load\\(" OR NOT loading MATCHES "#include <xgrad/xgrad.hpp>")
  nb_fail("the first code cell must load xgrad: #pragma cling load(\"...\") and #include <xgrad/xgrad.hpp>")
endif()

set(preamble "#include <exception>\n#include <iostream>\n")  # #include and #define lines, in order
set(definitions "")  # namespace scope
set(body "")         # main()
set(code_cell 0)
math(EXPR last_cell "${cell_count} - 1")
foreach(c RANGE ${last_cell})
  nb_get(cell "${nb}" cells ${c})
  nb_get(type "${cell}" cell_type)
  if(NOT type STREQUAL "code")
    continue()
  endif()
  math(EXPR code_cell "${code_cell} + 1")
  nb_cell_source(text "${cell}")
  string(REGEX MATCH "^[ \t]*// cell: definitions[ \t]*(\n|$)" is_definitions "${text}")
  set(where "${nb_name} [cell ${code_cell}]")
  if(is_definitions)
    set(section definitions)
  else()
    set(section body)
  endif()
  # The #line directive makes compiler messages name the notebook's cell; lines moved
  # elsewhere leave an empty line so that the line numbers stay right.
  string(APPEND ${section} "#line 1 \"${where}\"\n")
  string(APPEND text "\n")
  while(NOT text STREQUAL "")
    string(FIND "${text}" "\n" end)
    string(SUBSTRING "${text}" 0 ${end} line)
    math(EXPR end "${end} + 1")
    string(SUBSTRING "${text}" ${end} -1 text)
    if(line MATCHES "^[ \t]*#[ \t]*pragma[ \t]+cling")
      string(APPEND ${section} "\n")
    elseif(line MATCHES "^[ \t]*#[ \t]*include[ \t]*([<\"][^>\"]+[>\"])")
      set(include "#include ${CMAKE_MATCH_1}\n")
      string(FIND "${preamble}" "${include}" seen)
      if(seen EQUAL -1)
        string(APPEND preamble "${include}")
      endif()
      string(APPEND ${section} "\n")
    elseif(line MATCHES "^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)")
      string(APPEND preamble "#ifndef ${CMAKE_MATCH_1}\n${line}\n#endif\n")
      string(APPEND ${section} "\n")
    elseif(line MATCHES "^using namespace [A-Za-z_:0-9]+;" AND section STREQUAL "body")
      string(APPEND definitions "${line}\n")
      string(APPEND body "\n")
    else()
      string(APPEND ${section} "${line}\n")
    endif()
  endwhile()
endforeach()

file(RELATIVE_PATH shown_path "${CMAKE_CURRENT_LIST_DIR}/.." "${NOTEBOOK}")
file(WRITE "${OUTPUT}"
"// Generated from ${shown_path} by cmake/NotebookToCpp.cmake: edit the notebook, not this.
${preamble}
${definitions}
#line 1 \"${nb_name} (generated main)\"
int main() {
  try {
${body}
#line 3 \"${nb_name} (generated main)\"
  } catch (const std::exception& error) {
    std::cerr << \"${nb_name}: \" << error.what() << '\\n';
    return 1;
  }
  std::cout << \"${nb_name}: every cell ran\\n\";
  return 0;
}
")

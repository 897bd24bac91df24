# translations_complete: runs lupdate over the sources into a copy of citygrid_zh_CN.ts and fails if any entry
# is unfinished (a user-visible string without a Chinese translation), listing them.
# To bring the translations up to date: cmake --build <dir> --target update_translations (or citygrid_lupdate),
# translate the unfinished entries in translations/citygrid_zh_CN.ts (and accept the English ones in
# citygrid_en.ts), then rebuild citygrid.
foreach(var LUPDATE SOURCE_DIR TS_FILE WORK_DIR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "" OR "${${var}}" MATCHES "NOTFOUND$")
        message(FATAL_ERROR "translations_complete: ${var} is not set (lupdate comes with qt6-l10n-tools)")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(ts "${WORK_DIR}/citygrid_zh_CN.ts")
file(COPY_FILE "${TS_FILE}" "${ts}")
execute_process(
    COMMAND "${LUPDATE}" -silent -locations none -no-obsolete
        -I "${SOURCE_DIR}/modules" -I "${SOURCE_DIR}/app"
        "${SOURCE_DIR}/modules" "${SOURCE_DIR}/app" -ts "${ts}"
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "lupdate failed (exit ${rc}):\n${out}${err}")
endif()
file(READ "${ts}" content)
string(REPLACE ";" "," content "${content}") # CMake lists split at semicolons
# Each unfinished message: its source text, for the list.
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\t]*(<comment>[^<]*</comment>[ \n\t]*)?<translation type=\"unfinished\"" unfinished "${content}")
list(LENGTH unfinished count)
if(count GREATER 0)
    set(list "")
    foreach(entry IN LISTS unfinished)
        string(REGEX REPLACE "^<source>([^<]*)</source>.*$" "\\1" text "${entry}")
        string(REPLACE "\n" " " text "${text}")
        string(REPLACE "&quot," "\"" text "${text}")
        string(REPLACE "&amp," "&" text "${text}")
        string(APPEND list "  ${text}\n")
    endforeach()
    message(FATAL_ERROR "${count} zh_CN strings are not translated:\n${list}"
                        "Run: cmake --build <build dir> --target update_translations, translate the unfinished "
                        "entries of translations/citygrid_zh_CN.ts, and rebuild.")
endif()
message(STATUS "every zh_CN string is translated")

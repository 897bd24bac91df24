# Smoke test of citygrid: a fresh store with a small demo city, a district dispatcher logged in from the
# command line, the Chinese translation, and a screenshot once the queue and the first case are loaded.
# Then the screenshot must exist and show something.
foreach(var XVFB_RUN CITYGRID PNGCHECK WORK_DIR SCREENSHOT LOGIN)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "" OR "${${var}}" MATCHES "NOTFOUND$")
        message(FATAL_ERROR "smoke test: ${var} is not set (xvfb-run comes with the Debian package xvfb)")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/config" "${WORK_DIR}/data" "${WORK_DIR}/runtime")
file(REMOVE "${SCREENSHOT}")

# Keep the user's settings and data out of it; Xvfb instead of any display the caller has.
set(ENV{XDG_CONFIG_HOME} "${WORK_DIR}/config")
set(ENV{XDG_DATA_HOME} "${WORK_DIR}/data")
set(ENV{XDG_RUNTIME_DIR} "${WORK_DIR}/runtime")
unset(ENV{QT_QPA_PLATFORM})
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})

execute_process(
    COMMAND "${XVFB_RUN}" -a -s "-screen 0 1600x1000x24"
        "${CITYGRID}" --store "${WORK_DIR}/store.sqlite" --demo-cases 500 --user "${LOGIN}" --lang zh_CN
        --screenshot "${SCREENSHOT}"
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    TIMEOUT 540)
message(STATUS "citygrid said:\n${out}${err}")
if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "citygrid --screenshot failed (exit ${rc})")
endif()
if(NOT EXISTS "${SCREENSHOT}")
    message(FATAL_ERROR "citygrid exited 0 but wrote no screenshot ${SCREENSHOT}")
endif()

execute_process(COMMAND "${PNGCHECK}" "${SCREENSHOT}" 1200 700 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "the screenshot ${SCREENSHOT} is not a picture of the window")
endif()

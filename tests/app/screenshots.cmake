# Screenshots of citygrid under Xvfb: the default layout of every role (1560×940 window) and the wall console
# on a 3840×2160 screen, from one store with a small demo city. Each PNG must be a real picture.
cmake_minimum_required(VERSION 3.25)
foreach(var XVFB_RUN CITYGRID PNGCHECK WORK_DIR OUT_DIR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "" OR "${${var}}" MATCHES "NOTFOUND$")
        message(FATAL_ERROR "screenshots: ${var} is not set (xvfb-run comes with the Debian package xvfb)")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}" "${OUT_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/config" "${WORK_DIR}/data" "${WORK_DIR}/runtime" "${OUT_DIR}")
set(ENV{XDG_CONFIG_HOME} "${WORK_DIR}/config")
set(ENV{XDG_DATA_HOME} "${WORK_DIR}/data")
set(ENV{XDG_RUNTIME_DIR} "${WORK_DIR}/runtime")
unset(ENV{QT_QPA_PLATFORM})
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})

# name, login, screen, minimum picture size, extra options
set(shots
    "acceptor|hp.acceptor|1600x1000|1200x700|-"
    "shift-leader|hp.shift|1600x1000|1200x700|-"
    "dispatcher|hp.dispatcher|1600x1000|1200x700|-"
    "supervisor-desk|hp.sup1|1600x1000|1200x700|-"
    "inspector|hp.inspector|1600x1000|1200x700|-"
    "leader|hp.leader|1600x1000|1200x700|-"
    "wall-4k|hp.dispatcher|3840x2160|3800x2100|--wall")
foreach(shot IN LISTS shots)
    string(REPLACE "|" ";" fields "${shot}")
    list(GET fields 0 name)
    list(GET fields 1 login)
    list(GET fields 2 screen)
    list(GET fields 3 minimum)
    list(GET fields 4 extra)
    if(extra STREQUAL "-")
        set(extra "")
    endif()
    string(REPLACE "x" ";" min "${minimum}")
    list(GET min 0 min_w)
    list(GET min 1 min_h)
    set(png "${OUT_DIR}/citygrid-${name}.png")
    execute_process(
        COMMAND "${XVFB_RUN}" -a -s "-screen 0 ${screen}x24"
            "${CITYGRID}" --store "${WORK_DIR}/store.sqlite" --demo-cases 500 --user "${login}" --lang zh_CN
            --screenshot "${png}" ${extra}
        RESULT_VARIABLE rc
        OUTPUT_VARIABLE out
        ERROR_VARIABLE err
        TIMEOUT 300)
    message(STATUS "${name}: ${out}${err}")
    if(NOT rc STREQUAL "0")
        message(FATAL_ERROR "citygrid --screenshot as ${login} ${extra} failed (exit ${rc})")
    endif()
    execute_process(COMMAND "${PNGCHECK}" "${png}" ${min_w} ${min_h} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                    ERROR_VARIABLE err)
    message(STATUS "${out}${err}")
    if(NOT rc STREQUAL "0")
        message(FATAL_ERROR "the screenshot ${png} is not a picture of the window")
    endif()
endforeach()

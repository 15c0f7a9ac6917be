# Runs COMMAND (mpirun ... rank_dies) and passes when it fails (non-zero exit) within TIMEOUT
# seconds: a dead rank must end the run with an error, not hang the others.
separate_arguments(command UNIX_COMMAND "${COMMAND}")
string(TIMESTAMP start "%s")
execute_process(COMMAND ${command} RESULT_VARIABLE result OUTPUT_VARIABLE output
                ERROR_VARIABLE output TIMEOUT ${TIMEOUT})
string(TIMESTAMP end "%s")
math(EXPR seconds "${end} - ${start}")
message(STATUS "exit: ${result} after ${seconds} s\n${output}")
if(result MATCHES "timeout|Process terminated due to timeout")
  message(FATAL_ERROR "the other ranks hung: no exit within ${TIMEOUT} s")
endif()
if(result EQUAL 0)
  message(FATAL_ERROR "mpirun exited 0 although a rank died")
endif()

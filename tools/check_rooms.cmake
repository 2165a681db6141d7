# Refuses an #include across a room's wall (run by the returnsim_check_rooms target before the
# model library is built; cmake -DSOURCE_DIR=... -P tools/check_rooms.cmake).
#   model (util, scenario, model): no file formats, no threads or MPI, no engine, io or CLI;
#   engine: no YAML, HDF5, logging or CLI, no io;
#   io: no CLI.
# A violation fails the build with the file, the line and the rule.
cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "check_rooms.cmake: pass -DSOURCE_DIR=<the source tree>")
endif()

set(formats "hdf5|H5[A-Za-z]*\\.h|yaml-cpp/|spdlog/|CLI/|mpi\\.h|nlohmann/")
set(rooms model engine io)
set(model_dirs sim/util sim/scenario sim/model include/returnsim/util include/returnsim/scenario include/returnsim/model)
set(model_forbidden "(${formats}|tbb/|returnsim/(engine|io)/)")
set(engine_dirs sim/engine include/returnsim/engine)
set(engine_forbidden "(hdf5|H5[A-Za-z]*\\.h|yaml-cpp/|spdlog/|CLI/|returnsim/io/)")
set(io_dirs sim/io include/returnsim/io)
set(io_forbidden "(CLI/|\"cli/)")

set(violations "")
foreach(room IN LISTS rooms)
  foreach(dir IN LISTS ${room}_dirs)
    file(GLOB_RECURSE files "${SOURCE_DIR}/${dir}/*.cpp" "${SOURCE_DIR}/${dir}/*.hpp" "${SOURCE_DIR}/${dir}/*.hpp.in")
    foreach(f IN LISTS files)
      file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
      foreach(line IN LISTS lines)
        if(line MATCHES "#[ \t]*include[ \t]*[<\"]${${room}_forbidden}")
          file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
          string(APPEND violations "  ${rel}: '${line}' (the ${room} room may not include it)\n")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "returnsim: includes across a room's wall (docs: STYLE.md, CMakeLists.txt):\n${violations}")
endif()

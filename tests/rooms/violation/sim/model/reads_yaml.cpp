// A model file that reads YAML itself: tools/check_rooms.cmake must refuse it (test rooms.*).
#include <yaml-cpp/yaml.h>

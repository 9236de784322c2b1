#include "storage/thread_name.hpp"

#include <pthread.h>

namespace cnsbot::storage {

void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

}  // namespace cnsbot::storage

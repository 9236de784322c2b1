#pragma once

namespace cnsbot::storage {

// Names the calling thread (at most 15 characters), so that `top -H`, perf and the load
// generator tell cnsbot's threads apart.
void NameThisThread(const char* name);

}  // namespace cnsbot::storage

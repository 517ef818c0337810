#include "threadend.h"

#include <vector>

namespace shop {

namespace {
thread_local std::vector<std::function<void()>> t_endWork;
}

void atThreadEnd(std::function<void()> work)
{
    t_endWork.push_back(std::move(work));
}

void runThreadEndWork()
{
    // Moved out first: the work may register more, for a later end.
    std::vector<std::function<void()>> work;
    work.swap(t_endWork);
    for (auto it = work.rbegin(); it != work.rend(); ++it)
        (*it)();
}

} // namespace shop

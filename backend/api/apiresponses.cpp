#include "apiresponses.h"

namespace shop {

Result<HttpResponse> noContentResponse(const Result<Done> &done)
{
    if (!done)
        return done.error();
    return HttpResponse::noContent();
}

} // namespace shop

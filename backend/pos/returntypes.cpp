#include "returntypes.h"

#include <algorithm>

namespace shop {

bool ReturnableSale::isFullyReturned() const
{
    return std::all_of(items.cbegin(), items.cend(), [](const ReturnableItem &item) { return item.returnable() == 0; });
}

} // namespace shop

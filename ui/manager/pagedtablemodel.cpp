#include "pagedtablemodel.h"

namespace shop {

void PagedTableModelBase::setLoading(bool isLoading)
{
    if (m_isLoading == isLoading)
        return;
    m_isLoading = isLoading;
    Q_EMIT loadingChanged(isLoading);
}

} // namespace shop

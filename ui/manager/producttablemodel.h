#pragma once

#include "catalog/catalogtypes.h"
#include "ui/manager/pagedtablemodel.h"

#include <QHash>

namespace shop {

class CatalogService;

// The product listing behind the catalog table. Filtering and sorting happen
// in the database (CatalogService::products), and rows arrive a page at a
// time as the view scrolls, so 100,000 products cost no more than the rows
// on screen.
class ProductTableModel : public PagedTableModel<ProductPage>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProductTableModel)

public:
    enum Column { SkuColumn, NameColumn, CategoryColumn, PriceColumn, StockColumn, ActiveColumn, ColumnCount };
    static constexpr int kPageSize = 200;

    explicit ProductTableModel(CatalogService &catalog, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

    // Each filter change starts the listing over from its first page.
    void setCategory(const std::optional<QUuid> &categoryId);
    void setActiveFilter(const std::optional<bool> &isActive);
    void setSearchText(const QString &text);

    void setCategoryNames(const QHash<QUuid, QString> &names);
    const Product *productAt(int row) const { return rowAt(row); }
    // The filters and order shown (the export writes what the table shows).
    const ProductQuery &query() const { return m_query; }

protected:
    std::function<Result<ProductPage>()> pageFetch(const Product *after) const override;

private:
    CatalogService &m_catalog;
    ProductQuery m_query;
    QHash<QUuid, QString> m_categoryNames;
};

} // namespace shop

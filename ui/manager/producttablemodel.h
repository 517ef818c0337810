#pragma once

#include "catalog/catalogtypes.h"

#include <QAbstractTableModel>
#include <QHash>

namespace shop {

class CatalogService;

// The product listing behind the catalog table. Filtering and sorting happen
// in the database (CatalogService::products), and rows arrive a page at a
// time as the view scrolls (canFetchMore/fetchMore), so 100,000 products
// cost no more than the rows on screen. Pages load on the thread pool.
class ProductTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProductTableModel)

public:
    enum Column { SkuColumn, NameColumn, CategoryColumn, PriceColumn, StockColumn, ActiveColumn, ColumnCount };
    static constexpr int kPageSize = 200;

    explicit ProductTableModel(CatalogService &catalog, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order) override;

    // Each filter change starts the listing over from its first page.
    void setCategory(const std::optional<QUuid> &categoryId);
    void setActiveFilter(const std::optional<bool> &isActive);
    void setSearchText(const QString &text);
    void reload();

    void setCategoryNames(const QHash<QUuid, QString> &names);
    const Product *productAt(int row) const;
    qint64 totalCount() const { return m_total; }
    bool isLoading() const { return m_isLoading; }

Q_SIGNALS:
    void loadingChanged(bool isLoading);
    // After each page: how many rows are loaded of how many match.
    void pageLoaded(int loaded, qint64 total);
    void loadFailed(const QString &message);

private:
    void loadPage(qint64 offset);
    void setLoading(bool isLoading);

    CatalogService &m_catalog;
    ProductQuery m_query;
    QList<Product> m_products;
    QHash<QUuid, QString> m_categoryNames;
    qint64 m_total = 0;
    bool m_isLoading = false;
    // Bumped by every reload, so a page still in flight for an older filter is dropped.
    quint64 m_generation = 0;
};

} // namespace shop

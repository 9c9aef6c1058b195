using System;
using IngestPlatform.Storage.Data;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace IngestPlatform.Storage.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before the table: documents.search_vector is generated with it.
            migrationBuilder.Sql(SearchVectorFunction.Create);

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    content_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    original_text = table.Column<string>(type: "text", nullable: false),
                    encoding = table.Column<string>(type: "text", nullable: false),
                    word_count = table.Column<int>(type: "integer", nullable: false),
                    publication_date = table.Column<string>(type: "text", nullable: true),
                    source_url = table.Column<string>(type: "text", nullable: true),
                    outlet = table.Column<string>(type: "text", nullable: true),
                    copyright = table.Column<string>(type: "text", nullable: true),
                    photo_credits = table.Column<string[]>(type: "text[]", nullable: false),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    language_confidence = table.Column<double>(type: "double precision", nullable: false),
                    language_runner_up = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    search_config = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "ingest_search_vector(search_config, title, text)", stored: true),
                    normalizer_version = table.Column<string>(type: "text", nullable: false),
                    detector_version = table.Column<string>(type: "text", nullable: false),
                    normalized_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    language_detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ingest_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    source_file_name = table.Column<string>(type: "text", nullable: false),
                    source_path = table.Column<string>(type: "text", nullable: false),
                    source_size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rejected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingest_failures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "document_sources",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    document_id = table.Column<long>(type: "bigint", nullable: false),
                    raw_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    relative_path = table.Column<string>(type: "text", nullable: false),
                    file_name = table.Column<string>(type: "text", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    file_created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    file_modified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    encoding = table.Column<string>(type: "text", nullable: false),
                    normalizer_version = table.Column<string>(type: "text", nullable: false),
                    detector_version = table.Column<string>(type: "text", nullable: false),
                    discovered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    normalized_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    language_detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_sources", x => x.id);
                    table.ForeignKey(
                        name: "fk_document_sources_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_document_sources_document_id",
                table: "document_sources",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_document_sources_file_id",
                table: "document_sources",
                column: "file_id");

            migrationBuilder.CreateIndex(
                name: "ix_document_sources_raw_sha256_relative_path",
                table: "document_sources",
                columns: new[] { "raw_sha256", "relative_path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_content_sha256",
                table: "documents",
                column: "content_sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_language",
                table: "documents",
                column: "language");

            migrationBuilder.CreateIndex(
                name: "ix_documents_search_vector",
                table: "documents",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_documents_stored_at",
                table: "documents",
                column: "stored_at");

            migrationBuilder.CreateIndex(
                name: "ix_ingest_failures_file_id_stage",
                table: "ingest_failures",
                columns: new[] { "file_id", "stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ingest_failures_rejected_at",
                table: "ingest_failures",
                column: "rejected_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "document_sources");

            migrationBuilder.DropTable(
                name: "ingest_failures");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.Sql(SearchVectorFunction.Drop);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IngestPlatform.Storage.Data.Migrations
{
    /// <inheritdoc />
    public partial class EncodingConfidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "encoding_candidates",
                table: "document_sources",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "encoding_confidence",
                table: "document_sources",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "encoding_candidates",
                table: "document_sources");

            migrationBuilder.DropColumn(
                name: "encoding_confidence",
                table: "document_sources");
        }
    }
}

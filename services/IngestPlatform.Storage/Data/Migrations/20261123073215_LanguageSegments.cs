using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IngestPlatform.Storage.Data.Migrations
{
    /// <inheritdoc />
    public partial class LanguageSegments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "language_segments",
                table: "documents",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "language_segments",
                table: "documents");
        }
    }
}
